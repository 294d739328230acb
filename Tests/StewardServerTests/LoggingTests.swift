import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import VaporTesting

@testable import StewardServer

/// Every log line of this test process, while at least one test captures; debug and above (what
/// an operator might turn on), rendered as a line with its metadata.
final class LogCapture: @unchecked Sendable {
    static let shared = LogCapture()
    private let lock = NIOLock()
    private var lines: [String] = []
    private var capturing = 0
    /// swift-log allows one bootstrap per process; every logger made after it reaches `record`.
    private static let bootstrap: Void = LoggingSystem.bootstrap { label in CaptureHandler(label: label) }

    func during(_ body: () async throws -> Void) async rethrows -> [String] {
        _ = Self.bootstrap
        lock.withLock { capturing += 1 }
        defer { lock.withLock { capturing -= 1 } }
        try await body()
        return lock.withLock { lines }
    }

    func record(_ line: String) {
        lock.withLock { if capturing > 0 { lines.append(line) } }
    }

    struct CaptureHandler: LogHandler {
        let label: String
        var logLevel: Logger.Level = .debug
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(
            level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
            file: String, function: String, line: UInt
        ) {
            let all = metadata.merging(explicit ?? [:]) { _, new in new }
            LogCapture.shared.record("\(level) \(label) \(message) \(all)")
        }
    }
}

@Suite("Logs")
struct LoggingTests {
    @Test("no password, token or invite link reaches a log line at debug level")
    func noSecretsInLogs() async throws {
        var secrets: [String] = []
        let lines = try await LogCapture.shared.during {
            try await withSteward { app in
                app.logger.logLevel = .debug
                let world = try await World.make(app)
                let password = "correct horse battery"
                secrets.append(password)
                let login = try await app.send(
                    .POST, "/api/v1/auth/login", json: ["email": world.owner.email, "password": password])
                secrets.append(login.string("token"))
                _ = try await app.send(
                    .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                    json: ["emails": ["newcomer@example.org"], "role": "member"])
                let (newcomer, _) = try await app.registerUser("newcomer@example.org")
                secrets.append(newcomer)
                let invitation = try await app.invitationToken(to: "newcomer@example.org")
                secrets.append(invitation)
                // Through the page and the API: the token is part of both paths.
                _ = try await WebSession(app).get("/invitations/\(invitation)")
                let accepted = try await app.send(.POST, "/api/v1/invitations/\(invitation)/accept", token: newcomer)
                #expect(accepted.status == .ok)
                _ = try await app.send(.POST, "/api/v1/auth/password-reset", json: ["email": "newcomer@example.org"])
                let reset = try await app.linkToken(to: "newcomer@example.org", marker: "/reset-password/")
                secrets.append(reset)
                _ = try await WebSession(app).get("/reset-password/\(reset)")
            }
        }
        #expect(lines.contains { $0.contains("/invitations/:token") }, "requests are logged by their route")
        for secret in secrets where !secret.isEmpty {
            let leaks = lines.filter { $0.contains(secret) }
            #expect(leaks.isEmpty, "a log line carries a secret: \(leaks.prefix(2))")
        }
    }

    @Test("LOG_FORMAT=json writes one JSON object per line with the request id; other values are refused")
    func jsonLines() throws {
        let written = NIOLockedValueBox<[String]>([])
        var logger = Logger(label: "steward.test") { label in
            JSONLogHandler(label: label, level: .info) { line in written.withLockedValue { $0.append(line) } }
        }
        logger[metadataKey: "request-id"] = "R-42"
        logger.info("GET /orgs/:orgId 200", metadata: ["status": "200"])
        logger.debug("below the level")
        let lines = written.withLockedValue { $0 }
        #expect(lines.count == 1 && !lines[0].contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(object["request-id"] as? String == "R-42")
        #expect(object["message"] as? String == "GET /orgs/:orgId 200")
        #expect(object["level"] as? String == "info" && object["logger"] as? String == "steward.test")
        #expect((object["time"] as? String)?.hasSuffix("Z") == true)
        #expect(try LogFormat.from(["LOG_FORMAT": "JSON"]) == .json)
        #expect(try LogFormat.from([:]) == .text)
        #expect(throws: ConfigError.self) { try LogFormat.from(["LOG_FORMAT": "xml"]) }
    }
}
