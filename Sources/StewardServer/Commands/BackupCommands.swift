import FluentSQL
import Foundation
import StewardCore
import Vapor

/// `steward backup --to FILE` and `steward restore --from FILE`.
///
/// SQLite: the backup is `VACUUM INTO`, a consistent copy taken while Steward keeps serving (it
/// reads one snapshot; writers wait only for the copy's final step). The restore replaces the
/// database file and keeps the one it replaces beside it; Steward must be stopped, and the next
/// `serve` runs any migrations the backup predates.
/// PostgreSQL: `pg_dump`/`pg_restore` do this better than Steward could, so the commands print
/// the ones to run.
enum Backup {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// A consistent copy of the SQLite database at `path`.
    static func sqlite(_ db: any Database, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failure(description: "\(path) already exists; choose a new file (a backup never overwrites one)")
        }
        try await (db as! any SQLDatabase).raw("VACUUM INTO \(bind: path)").run()
    }

    /// Puts the backup at `backup` in place of the database at `database`; the replaced file is
    /// kept as `<database>.before-restore-<time>`. Returns that path (nil if there was none).
    @discardableResult
    static func restoreSQLite(from backup: String, to database: String, now: Date = Date()) throws -> String? {
        let files = FileManager.default
        guard let header = FileHandle(forReadingAtPath: backup).flatMap({ try? $0.read(upToCount: 16) }),
            header == Data("SQLite format 3\0".utf8)
        else { throw Failure(description: "\(backup) is not an SQLite database (is it a Steward backup?)") }
        let stamp = ISO8601DateFormatter().string(from: now).replacingOccurrences(of: ":", with: "")
        var kept: String?
        if files.fileExists(atPath: database) {
            kept = database + ".before-restore-" + stamp
            try files.moveItem(atPath: database, toPath: kept!)
        }
        // A write-ahead log or shared-memory file of the replaced database must not be applied
        // to the restored one.
        for suffix in ["-wal", "-shm"] where files.fileExists(atPath: database + suffix) {
            try files.moveItem(atPath: database + suffix, toPath: (kept ?? database) + suffix)
        }
        // Copy next to the target first, so the database appears whole or not at all.
        let partial = database + ".restoring"
        try? files.removeItem(atPath: partial)
        try files.copyItem(atPath: backup, toPath: partial)
        try files.moveItem(atPath: partial, toPath: database)
        return kept
    }

    static func postgresBackupHint(to path: String) -> String {
        """
        Steward's database is PostgreSQL: back it up with pg_dump, which takes a consistent snapshot
        while Steward keeps serving:

          pg_dump --format=custom --no-owner --file \(shellQuoted(path)) "$DATABASE_URL"
        """
    }

    static func postgresRestoreHint(from path: String) -> String {
        """
        Steward's database is PostgreSQL: stop every Steward process, then restore with pg_restore
        into the (empty or to-be-replaced) database; the next `steward serve` runs any newer migrations:

          pg_restore --clean --if-exists --no-owner --dbname "$DATABASE_URL" \(shellQuoted(path))
        """
    }

    private static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "to", help: "The file to write the backup to (must not exist yet).")
        var to: String?
    }

    var help: String { "Writes a consistent copy of the database to a new file, while Steward keeps serving." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard let path = signature.to, !path.isEmpty else {
            throw Backup.Failure(description: "usage: steward backup --to FILE")
        }
        switch context.application.stewardConfig.database {
        case .postgres: context.console.print(Backup.postgresBackupHint(to: path))
        case .sqliteMemory: throw Backup.Failure(description: "an in-memory database has nothing to back up")
        case .sqliteFile:
            let started = Date()
            try await Backup.sqlite(context.application.db, to: path)
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            context.console.print(
                "Backed up to \(path) (\(size / 1024) KiB in \(Int(Date().timeIntervalSince(started) * 1000)) ms).")
        }
    }
}

/// Runs before the database is opened (see `StewardEntrypoint`), so no connection holds the file
/// being replaced.
enum RestoreCommand {
    static func run(arguments: [String], config: StewardConfig) throws -> String {
        guard let index = arguments.firstIndex(of: "--from"), index + 1 < arguments.count else {
            throw Backup.Failure(description: "usage: steward restore --from FILE (stop Steward first)")
        }
        let backup = arguments[index + 1]
        switch config.database {
        case .postgres: return Backup.postgresRestoreHint(from: backup)
        case .sqliteMemory: throw Backup.Failure(description: "an in-memory database cannot be restored")
        case .sqliteFile(let database):
            let kept = try Backup.restoreSQLite(from: backup, to: database)
            return "Restored \(database) from \(backup)."
                + (kept.map { " The database it replaced is kept as \($0)." } ?? "")
                + " The next `steward serve` runs any migrations the backup predates."
        }
    }
}
