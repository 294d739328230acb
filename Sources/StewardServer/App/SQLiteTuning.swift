import Fluent
import FluentSQL
import Vapor

/// SQLite settings for a server rather than a script. The driver opens one connection per event
/// loop and offers no per-connection hook, so the per-connection settings are applied once to
/// each pooled connection at boot; a connection the pool re-opens after an error falls back to
/// SQLite's defaults (slower commits, never less safe).
enum SQLiteTuning {
    static func apply(to app: Application) async throws {
        // WAL lets readers run beside the writer; the mode is stored in the file itself.
        if let sql = app.db as? any SQLDatabase {
            try await sql.raw("PRAGMA journal_mode = WAL").run()
        }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(.sqlite, logger: app.logger, on: eventLoop)!
            try await db.withConnection { connection in
                guard let sql = connection as? any SQLDatabase else { return }
                // WAL with NORMAL loses no committed data on a crash of the process, only on a power cut.
                try await sql.raw("PRAGMA synchronous = NORMAL").run()
                try await sql.raw("PRAGMA busy_timeout = 5000").run()
                try await sql.raw("PRAGMA foreign_keys = ON").run()
            }
        }
    }
}
