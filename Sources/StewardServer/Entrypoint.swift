import Fluent
import StewardCore
import StewardStore
import Vapor

/// What `steward` runs. Commands: `serve` (default; migrates first), `demo` (migrates, loads the
/// demo data, prints the demo accounts, then serves), `migrate`, `create-staff-user`, `reindex`.
public enum StewardEntrypoint {
    public static func run() async throws {
        var arguments = CommandLine.arguments
        let requested = arguments.count > 1 && !arguments[1].hasPrefix("-") ? arguments[1] : "serve"
        let isDemo = requested == "demo"
        if isDemo { arguments[1] = "serve" }
        var env = try Environment.detect(arguments: arguments)
        try LoggingSystem.bootstrap(from: &env)
        let config: StewardConfig
        do {
            config = try StewardConfig.load(environment: env)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            exit(78)  // EX_CONFIG
        }
        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            app.asyncCommands.use(CreateStaffUserCommand(), as: "create-staff-user")
            app.asyncCommands.use(ReindexCommand(), as: "reindex")
            if requested == "serve" || isDemo {
                try await app.autoMigrate()
                // Every serving process also delivers the outbox; claims keep them from colliding.
                app.lifecycle.use(OutboxWorker(delivery: try app.outboxDelivery()))
            }
            if isDemo {
                let accounts = try await DemoData.load(into: app.services)
                print(DemoData.banner(accounts, baseURL: config.baseURL))
            }
            try await app.execute()
        } catch {
            // A failed command ends with its message and a non-zero status, not a crash report.
            let message = (error as? DomainError)?.detail ?? String(describing: error)
            FileHandle.standardError.write(Data("steward: \(message)\n".utf8))
            try? await app.asyncShutdown()
            exit(1)
        }
        try await app.asyncShutdown()
    }
}

/// `steward create-staff-user --email --password --name`: platform staff, never over HTTP.
struct CreateStaffUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The staff member's email address") var email: String?
        @Option(name: "password", help: "At least 8 characters") var password: String?
        @Option(name: "name", help: "Their name") var name: String?
    }

    var help: String { "Creates a platform staff account (no content access; the staff console only)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        var v = Validator()
        let email = v.email(signature.email)
        let name = v.name(signature.name, field: "name")
        let password = v.newPassword(signature.password)
        do {
            try v.check()
            let user = try await context.application.services.accounts.createUser(
                email: email!, name: name, password: password, isStaff: true, verified: true)
            context.console.print("Created staff account \(user.email) (\(user.id)).")
        } catch let error as DomainError {
            throw DomainError(
                error.kind, code: error.code, detail: "could not create the staff account: \(error.detail)",
                fieldErrors: error.fieldErrors)
        }
    }
}

/// `steward reindex`: rebuilds derived data (seat holders and their counters) from the base tables.
struct ReindexCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Rebuilds derived data from the base tables (after a bulk import, or to repair it)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        let started = Date()
        try await Maintenance.rebuildDerivedData(on: context.application.db)
        context.console.print("Rebuilt derived data in \(Int(Date().timeIntervalSince(started) * 1000)) ms.")
    }
}
