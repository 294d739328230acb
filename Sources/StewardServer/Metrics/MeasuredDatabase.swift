import FluentKit
import Foundation
import Logging
import NIOCore
import SQLKit

/// The configured database with a stopwatch: every statement's time reaches the metrics, Fluent
/// queries by what they do, raw SQL as `sql`. Only wrapped when metrics are on, so turning them
/// off costs nothing per query.
struct MeasuredDatabaseConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let metrics: StewardMetrics

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver {
        MeasuredDatabaseDriver(base: base.makeDriver(for: databases), metrics: metrics)
    }
}

extension DatabaseConfigurationFactory {
    /// `factory`, measured by `metrics` when there are metrics to keep.
    static func measured(_ factory: DatabaseConfigurationFactory, by metrics: StewardMetrics?) -> Self {
        guard let metrics else { return factory }
        return .init { MeasuredDatabaseConfiguration(base: factory.make(), metrics: metrics) }
    }
}

struct MeasuredDatabaseDriver: DatabaseDriver {
    let base: any DatabaseDriver
    let metrics: StewardMetrics

    func makeDatabase(with context: DatabaseContext) -> any Database {
        MeasuredDatabase(base: base.makeDatabase(with: context), metrics: metrics)
    }

    func shutdown() { base.shutdown() }
    func shutdownAsync() async { await base.shutdownAsync() }
}

/// Both drivers' databases are SQL databases, and the services rely on that (`as! SQLDatabase`),
/// so the wrapper is one too and forwards raw SQL through the same stopwatch.
struct MeasuredDatabase: Database, SQLDatabase {
    let base: any Database
    let sql: any SQLDatabase
    let metrics: StewardMetrics

    init(base: any Database, metrics: StewardMetrics) {
        self.base = base
        // Both supported drivers (SQLite, PostgreSQL) are SQL databases.
        self.sql = base as! any SQLDatabase
        self.metrics = metrics
    }

    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }
    var logger: Logger { base.context.logger }
    var eventLoop: any EventLoop { base.context.eventLoop }
    var dialect: any SQLDialect { sql.dialect }
    var version: (any SQLDatabaseReportedVersion)? { sql.version }
    var queryLogLevel: Logger.Level? { sql.queryLogLevel }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void)
        -> EventLoopFuture<Void>
    {
        let started = ContinuousClock.now
        let operation = Self.operation(of: query.action)
        return base.execute(query: query, onOutput: onOutput).always { [metrics] _ in
            metrics.recordQuery(operation, since: started)
        }
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> {
        let started = ContinuousClock.now
        return base.execute(schema: schema).always { [metrics] _ in metrics.recordQuery("schema", since: started) }
    }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> {
        let started = ContinuousClock.now
        return base.execute(enum: `enum`).always { [metrics] _ in metrics.recordQuery("schema", since: started) }
    }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction { [metrics] db in closure(MeasuredDatabase(base: db, metrics: metrics)) }
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection { [metrics] db in closure(MeasuredDatabase(base: db, metrics: metrics)) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void)
        -> EventLoopFuture<Void>
    {
        let started = ContinuousClock.now
        return sql.execute(sql: query, onRow).always { [metrics] _ in metrics.recordQuery("sql", since: started) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        let started = ContinuousClock.now
        defer { metrics.recordQuery("sql", since: started) }
        try await sql.execute(sql: query, onRow)
    }

    func withSession<R>(_ closure: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await sql.withSession(closure)
    }

    /// A fixed word per kind of statement: the label never carries a table, a value or a filter.
    static func operation(of action: DatabaseQuery.Action) -> String {
        switch action {
        case .create: "insert"
        case .read, .aggregate: "select"
        case .update: "update"
        case .delete: "delete"
        case .custom: "custom"
        }
    }
}
