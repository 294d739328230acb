import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

@Suite("Backups")
struct BackupTests {
    /// Steward on an SQLite file, as `steward serve` runs it.
    static func withFileDatabase(_ path: String, _ body: (Application) async throws -> Void) async throws {
        let app = try await Application.make(.testing)
        app.directory = DirectoryConfiguration(
            workingDirectory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().path + "/")
        app.logger.logLevel = .warning
        do {
            let config = StewardConfig(
                database: .sqliteFile(path), dataDirectory: (path as NSString).deletingLastPathComponent,
                baseURL: "http://localhost:8080", rateLimits: RateLimitPolicy(enabled: false), bcryptCost: 4,
                secureCookies: false)
            try await configure(app, config: config)
            try await app.autoMigrate()
            try await body(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    static func signIn(_ app: Application, _ email: String) async throws -> HTTPStatus {
        try await app.send(.POST, "/api/v1/auth/login", json: ["email": email, "password": "correct horse battery"])
            .status
    }

    @Test("a backup taken while serving restores to exactly what was there when it was taken")
    func roundTrip() async throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "steward-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appending(path: "steward.sqlite").path
        let backup = directory.appending(path: "nightly.sqlite").path

        try await Self.withFileDatabase(database) { app in
            _ = try await app.registerUser("before@example.org")
            try await Backup.sqlite(app.db, to: backup)
            await #expect(throws: Backup.Failure.self) { try await Backup.sqlite(app.db, to: backup) }
            _ = try await app.registerUser("after@example.org")
            let after = try await Self.signIn(app, "after@example.org")
            #expect(after == .ok)
        }

        let notADatabase = directory.appending(path: "notes.txt").path
        try Data("hello".utf8).write(to: URL(fileURLWithPath: notADatabase))
        #expect(throws: Backup.Failure.self) { try Backup.restoreSQLite(from: notADatabase, to: database) }

        let kept = try #require(try Backup.restoreSQLite(from: backup, to: database))
        #expect(FileManager.default.fileExists(atPath: kept), "the replaced database is kept")
        try await Self.withFileDatabase(database) { app in
            let before = try await Self.signIn(app, "before@example.org")
            let after = try await Self.signIn(app, "after@example.org")
            #expect(before == .ok && after == .unauthorized)
            #expect(await app.services.readiness().isReady)
        }
    }
}
