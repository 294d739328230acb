import Fluent
import StewardCore
import StewardStore
import Vapor

/// What `steward` runs. Commands: `serve` (default; migrates first), `demo` (migrates, loads the
/// demo data, prints the demo accounts, then serves), `migrate`, `create-staff-user`, `reindex`,
/// `backup --to FILE`, `restore --from FILE`.
public enum StewardEntrypoint {
    public static func run() async throws {
        var arguments = CommandLine.arguments
        let requested = arguments.count > 1 && !arguments[1].hasPrefix("-") ? arguments[1] : "serve"
        let isDemo = requested == "demo"
        if isDemo { arguments[1] = "serve" }
        var env = try Environment.detect(arguments: arguments)
        let config: StewardConfig
        do {
            let format = try LogFormat.from(ProcessInfo.processInfo.environment)
            try LoggingSystem.bootstrap(from: &env) { level in
                { label in
                    switch format {
                    case .json: return JSONLogHandler(label: label, level: level)
                    case .text:
                        var handler = StreamLogHandler.standardOutput(label: label)
                        handler.logLevel = level
                        return handler
                    }
                }
            }
            config = try StewardConfig.load(environment: env)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            exit(78)  // EX_CONFIG
        }
        if requested == "restore" {
            // Before anything opens the database it replaces.
            do {
                print(try RestoreCommand.run(arguments: arguments, config: config))
                exit(0)
            } catch {
                FileHandle.standardError.write(Data("steward: \(error)\n".utf8))
                exit(1)
            }
        }
        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            app.asyncCommands.use(CreateStaffUserCommand(), as: "create-staff-user")
            app.asyncCommands.use(ReindexCommand(), as: "reindex")
            app.asyncCommands.use(BackupCommand(), as: "backup")
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
