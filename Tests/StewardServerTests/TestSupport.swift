import FluentKit
import FluentSQL
import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// A clock tests move by hand.
final class TestClock: StewardCore.Clock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }
    /// Time moves a millisecond with every reading, as it would, so "newest first" is well defined.
    func now() -> Date {
        lock.withLock {
            current += 0.001
            return current
        }
    }
    func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// PostgreSQL tests share one database, so they take turns; SQLite tests each get their own.
actor DatabaseGate {
    static let shared = DatabaseGate()
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
    }
}

let testDatabaseURL = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }

/// Records the SQL statements SQLKit logs, so tests can count them per request.
final class StatementLog: @unchecked Sendable {
    private let lock = NSLock()
    private var statements: [String] = []

    func record(_ statement: String) { lock.withLock { statements.append(statement) } }
    func reset() { lock.withLock { statements.removeAll() } }
    var all: [String] { lock.withLock { statements } }
}

struct StatementLogHandler: LogHandler {
    let log: StatementLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
        function: String, line: UInt
    ) {
        // SQLKit logs every statement it sends, on both drivers, with the SQL as metadata (at
        // trace: configure keeps SQL below debug).
        guard level == .trace, let sql = metadata?["sql"] else { return }
        log.record(sql.description)
    }
}

/// Boots Steward on in-memory SQLite (or TEST_DATABASE_URL), migrated, and runs `body`.
func withSteward(
    rateLimits: Bool = false, clock: TestClock = TestClock(), statements: StatementLog? = nil,
    conversationsPerProject: Int = 50_000, passwords: (any StewardCore.PasswordHasher)? = nil,
    secureCookies: Bool = false, trustedProxies: String = "",
    adjust: (inout StewardConfig) -> Void = { _ in }, _ body: (Application) async throws -> Void
) async throws {
    let usesPostgres = testDatabaseURL != nil
    if usesPostgres { await DatabaseGate.shared.acquire() }
    let app = try await Application.make(.testing)
    let root =
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/"
    app.directory = DirectoryConfiguration(workingDirectory: root)
    app.logger.logLevel = .warning
    if let statements {
        app.logger = Logger(label: "steward.statements") { _ in StatementLogHandler(log: statements) }
    }
    do {
        var config = StewardConfig(
            database: testDatabaseURL.map { .postgres($0) } ?? .sqliteMemory, dataDirectory: "/tmp",
            baseURL: "http://localhost:8080", rateLimits: RateLimitPolicy(enabled: rateLimits), bcryptCost: 4,
            secureCookies: secureCookies, conversationsPerProject: conversationsPerProject,
            trustedProxies: try TrustedProxies(trustedProxies))
        adjust(&config)
        try await configure(app, config: config, sideEffects: SideEffects(clock: clock, passwords: passwords))
        if usesPostgres, let sql = app.db as? any SQLDatabase {
            try await sql.raw("DROP SCHEMA public CASCADE").run()
            try await sql.raw("CREATE SCHEMA public").run()
        }
        try await app.autoMigrate()
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        if usesPostgres { await DatabaseGate.shared.release() }
        throw error
    }
    try await app.asyncShutdown()
    if usesPostgres { await DatabaseGate.shared.release() }
}

/// A response with its JSON body parsed.
struct Reply {
    var status: HTTPStatus
    var headers: HTTPHeaders
    var text: String
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }
    var items: [[String: Any]] { json["items"] as? [[String: Any]] ?? [] }
    var code: String? { json["code"] as? String }
    /// The fields a problem names, in order.
    var fieldErrors: [String] { (json["errors"] as? [[String: Any]])?.compactMap { $0["field"] as? String } ?? [] }
    var isProblem: Bool { headers.first(name: .contentType) == "application/problem+json" }
    subscript(key: String) -> Any? { json[key] }
    func string(_ key: String) -> String { json[key] as? String ?? "" }
}

extension Application {
    /// Sends one API request. `json` is a dictionary or a raw string body.
    func send(
        _ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil,
        headers extra: HTTPHeaders = [:]
    ) async throws -> Reply {
        var headers = extra
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        var body: ByteBuffer?
        if let raw = json as? String {
            headers.contentType = .json
            body = ByteBuffer(string: raw)
        } else if let json {
            headers.contentType = .json
            body = ByteBuffer(data: try JSONSerialization.data(withJSONObject: json))
        }
        var reply: Reply?
        try await testing().test(method, path, headers: headers, body: body) { res in
            reply = Reply(status: res.status, headers: res.headers, text: res.body.string)
        }
        return reply!
    }

    /// Registers an account through the API and returns (token, user id). Unless `verified` is
    /// false, the address is then proven the way a person does it: with the emailed link.
    func registerUser(_ email: String, name: String? = nil, verified: Bool = true) async throws -> (
        token: String, id: String
    ) {
        let reply = try await send(
            .POST, "/api/v1/auth/register",
            json: [
                "email": email, "password": "correct horse battery",
                "name": name ?? email.components(separatedBy: "@")[0],
            ])
        #expect(reply.status == .created, "register \(email): \(reply.text)")
        let user = reply["user"] as? [String: Any] ?? [:]
        if verified {
            let token = try await linkToken(to: email, marker: "/verify-email/")
            let verify = try await send(.POST, "/api/v1/auth/verify-email", json: ["token": token])
            #expect(verify.status == .ok, "verify \(email): \(verify.text)")
        }
        return (reply.string("token"), user["id"] as? String ?? "")
    }

    /// The token after `marker` in the newest email to an address that carries one.
    func linkToken(to address: String, marker: String) async throws -> String {
        let emails = try await services.outbox.recent(limit: 500).filter { $0.to == address.lowercased() }
        let email = try #require(emails.first { $0.text.contains(marker) }, "an email with \(marker) to \(address)")
        let start = try #require(email.text.range(of: marker)).upperBound
        return String(email.text[start...].prefix { !$0.isWhitespace })
    }
}

/// One person in a fixture world.
struct Person {
    var email: String
    var token: String
    var id: String
}

/// An organisation with an internal workspace and an external-client workspace, and a person in
/// each role of both (observers only in the external-client one, as the rules require).
struct World {
    var app: Application
    var orgID: String
    var internalID: String
    var clientID: String
    var owner: Person
    var people: [WorkspaceRole: Person]
    var orgPeople: [OrgRole: Person]
    var outsider: Person

    static func make(_ app: Application) async throws -> World {
        func person(_ email: String) async throws -> Person {
            let (token, id) = try await app.registerUser(email)
            return Person(email: email, token: token, id: id)
        }
        let owner = try await person("owner@example.com")
        let org = try await app.send(.POST, "/api/v1/orgs", token: owner.token, json: ["name": "Acme Research"])
        let orgID = org.string("id")
        let ws = try await app.send(
            .POST, "/api/v1/orgs/\(orgID)/workspaces", token: owner.token, json: ["name": "Internal work"])
        let internalID = ws.string("id")
        // External-client workspaces arrive with the partner program; the fixture writes one directly.
        let row = WorkspaceRow()
        row.orgID = UUID(uuidString: orgID)!
        row.name = "Client work"
        row.kind = WorkspaceKind.externalClient.rawValue
        row.visibility = Visibility.open.rawValue
        row.createdAt = Date()
        try await row.create(on: app.db)
        let ownership = WorkspaceMemberRow()
        ownership.workspaceID = row.id!
        ownership.userID = UUID(uuidString: owner.id)!
        ownership.role = WorkspaceRole.owner.rawValue
        ownership.createdAt = Date()
        try await ownership.create(on: app.db)
        let clientID = row.id!.uuidString.lowercased()

        var people: [WorkspaceRole: Person] = [.owner: owner]
        for role in [WorkspaceRole.admin, .member, .billing, .external, .observer] {
            let p = try await person("\(role.rawValue)@example.com")
            people[role] = p
            for workspace in [internalID, clientID] where role != .observer || workspace == clientID {
                let added = try await app.send(
                    .POST, "/api/v1/workspaces/\(workspace)/invites", token: owner.token,
                    json: ["emails": [p.email], "role": role.rawValue])
                let results = added["results"] as? [[String: Any]]
                #expect(results?.first?["outcome"] as? String == "added", "\(role): \(added.text)")
            }
        }
        var orgPeople: [OrgRole: Person] = [.owner: owner]
        for role in [OrgRole.admin, .billing] {
            let p = try await person("org-\(role.rawValue)@example.com")
            orgPeople[role] = p
            _ = try await app.send(
                .POST, "/api/v1/orgs/\(orgID)/invites", token: owner.token,
                json: ["emails": [p.email], "role": role.rawValue])
        }
        orgPeople[.member] = people[.member]
        let outsider = try await person("outsider@example.com")
        return World(
            app: app, orgID: orgID, internalID: internalID, clientID: clientID, owner: owner, people: people,
            orgPeople: orgPeople, outsider: outsider)
    }

    func workspace(_ kind: WorkspaceKind) -> String { kind == .internal ? internalID : clientID }

    /// Sets a billing account's tier directly (staff tier changes arrive with the staff console).
    func setTier(_ tier: Tier) async throws {
        try await BillingAccountRow.query(on: app.db).set(\.$tier, to: tier.rawValue).update()
    }

    func createProject(in workspace: String, name: String = "Project") async throws -> String {
        let reply = try await app.send(
            .POST, "/api/v1/workspaces/\(workspace)/projects", token: owner.token, json: ["name": name])
        #expect(reply.status == .created, "\(reply.text)")
        return reply.string("id")
    }

    func recordConversation(in project: String, text: String = "The bus is late and the park needs lights.")
        async throws -> String
    {
        let reply = try await app.send(
            .POST, "/api/v1/projects/\(project)/conversations", token: owner.token,
            json: ["participantName": "Ana", "text": text])
        #expect(reply.status == .created, "\(reply.text)")
        return reply.string("id")
    }

    func buildReport(in project: String) async throws -> String {
        let reply = try await app.send(.POST, "/api/v1/projects/\(project)/reports", token: owner.token)
        #expect(reply.status == .created, "\(reply.text)")
        return reply.string("id")
    }
}
