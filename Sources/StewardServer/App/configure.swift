import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import StewardCore
import StewardStore
import Vapor

/// Side effects a test may replace before `configure` runs.
public struct SideEffects: Sendable {
    public var clock: any StewardCore.Clock
    public var tokens: any TokenSource
    /// nil: bcrypt at the configured cost.
    public var passwords: (any StewardCore.PasswordHasher)?
    public init(
        clock: any StewardCore.Clock = SystemClock(), tokens: any TokenSource = RandomTokenSource(),
        passwords: (any StewardCore.PasswordHasher)? = nil
    ) {
        self.clock = clock
        self.tokens = tokens
        self.passwords = passwords
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = StewardConfig }
    private struct ServicesKey: StorageKey { typealias Value = StewardServices }
    private struct MetricsKey: StorageKey { typealias Value = StewardMetrics }

    public var stewardConfig: StewardConfig {
        get { storage[ConfigKey.self]! }
        set { storage[ConfigKey.self] = newValue }
    }

    /// nil when `STEWARD_METRICS=off`.
    public var stewardMetrics: StewardMetrics? {
        get { storage[MetricsKey.self] }
        set { storage[MetricsKey.self] = newValue }
    }

    public var services: StewardServices {
        get { storage[ServicesKey.self]! }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var services: StewardServices { application.services }
}

/// Wires Steward into a Vapor application: database, migrations, views, middleware, routes.
public func configure(_ app: Application, config: StewardConfig, sideEffects: SideEffects = SideEffects()) async throws
{
    app.stewardConfig = config
    let metrics = config.metricsEnabled ? StewardMetrics() : nil
    app.stewardMetrics = metrics
    // SQL is logged only at trace: its bind values include email bodies, which carry invite links.
    switch config.database {
    case .sqliteFile(let path):
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        app.databases.use(.measured(.sqlite(.file(path), sqlLogLevel: .trace), by: metrics), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.measured(.sqlite(.memory, sqlLogLevel: .trace), by: metrics), as: .sqlite)
    case .postgres(let url):
        app.databases.use(
            .measured(
                try .postgres(url: url, maxConnectionsPerEventLoop: config.databasePoolSize, sqlLogLevel: .trace),
                by: metrics),
            as: .psql)
    }
    if case .postgres = config.database {} else { try await SQLiteTuning.apply(to: app) }
    app.migrations.add(StewardMigrations.all)

    app.views.use(.leaf)
    app.leaf.configuration.rootDirectory = app.directory.viewsDirectory
    app.leaf.cache.isEnabled = config.viewCacheEnabled
    app.routes.defaultMaxBodySize = "1mb"

    app.middleware = Middlewares()
    // Vapor's own request metrics would go to the process-wide MetricsSystem, unscraped.
    app.http.server.configuration.reportMetrics = false
    app.middleware.use(RequestLogMiddleware(metrics: metrics))
    // Outermost after logging, so static files and error pages get the headers too.
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorRenderingMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))

    app.services = StewardServices(
        db: app.db,
        env: ServiceEnvironment(
            clock: sideEffects.clock, tokens: sideEffects.tokens,
            passwords: sideEffects.passwords ?? BcryptPasswordHasher(cost: config.bcryptCost),
            rateLimits: config.rateLimits,
            baseURL: config.baseURL, conversationsPerProject: config.conversationsPerProject,
            events: metrics ?? IgnoredServiceEvents()))

    try routes(app)
}
