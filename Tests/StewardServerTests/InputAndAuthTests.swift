import FluentSQL
import Foundation
import StewardCore
import StewardStore
import Testing
import VaporTesting

@testable import StewardServer

@Suite("Accounts, tokens and throttles")
struct AccountTests {
    @Test("register, sign in with another case of the email, read me, sign out: the token stops working")
    func accountLifecycle() async throws {
        try await withSteward { app in
            let (token, _) = try await app.registerUser("Kim@Example.org", name: "Kim")
            let taken = try await app.send(
                .POST, "/api/v1/auth/register",
                json: ["email": "kim@example.ORG", "password": "another password", "name": "K"])
            #expect(taken.status == .conflict)
            #expect(taken.code == "email_taken")
            let login = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": " KIM@example.org ", "password": "correct horse battery"])
            #expect(login.status == .ok)
            let second = login.string("token")
            #expect(second != token && second.count >= 40)
            let me = try await app.send(.GET, "/api/v1/me", token: second)
            #expect(me.string("email") == "kim@example.org")
            #expect(me["isStaff"] as? Bool == false)
            let out = try await app.send(.POST, "/api/v1/auth/logout", token: second)
            #expect(out.status == .noContent)
            let after = try await app.send(.GET, "/api/v1/me", token: second)
            #expect(after.status == .unauthorized)
            let stillFirst = try await app.send(.GET, "/api/v1/me", token: token)
            #expect(stillFirst.status == .ok)
        }
    }

    @Test("a wrong password is 401 invalid_credentials, the same as an unknown account")
    func wrongPassword() async throws {
        try await withSteward { app in
            _ = try await app.registerUser("lee@example.org")
            let wrong = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": "lee@example.org", "password": "nope nope"])
            let unknown = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": "ghost@example.org", "password": "nope nope"])
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.code == "invalid_credentials" && unknown.code == "invalid_credentials")
            #expect(wrong.json["detail"] as? String == unknown.json["detail"] as? String)
        }
    }

    @Test("failed sign-ins are throttled per account with 429 and Retry-After, and the window passes")
    func signInThrottle() async throws {
        let clock = TestClock()
        try await withSteward(rateLimits: true, clock: clock) { app in
            _ = try await app.registerUser("max@example.org")
            for _ in 0..<5 {
                let reply = try await app.send(
                    .POST, "/api/v1/auth/login", json: ["email": "max@example.org", "password": "wrong one"])
                #expect(reply.status == .unauthorized)
            }
            let blocked = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": "MAX@example.org", "password": "correct horse battery"])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.code == "rate_limited")
            let retry = Int(blocked.headers.first(name: .retryAfter) ?? "") ?? 0
            #expect(retry > 0 && retry <= 900)
            clock.advance(by: 901)
            let later = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": "max@example.org", "password": "correct horse battery"])
            #expect(later.status == .ok)
        }
    }

    @Test("registration is throttled per client address")
    func registrationThrottle() async throws {
        try await withSteward(rateLimits: true) { app in
            for i in 0..<10 { _ = try await app.registerUser("user\(i)@example.org") }
            let blocked = try await app.send(
                .POST, "/api/v1/auth/register",
                json: ["email": "one-more@example.org", "password": "long enough", "name": "X"])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.headers.first(name: .retryAfter) != nil)
        }
    }
}

@Suite("Bad input is a clear 4xx problem, never a 500")
struct BadInputTests {
    @Test("malformed JSON, wrong types, missing fields, unknown roles, bad ids, overlong strings")
    func badInputs() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let token = world.owner.token
            let ws = "/api/v1/workspaces/\(world.internalID)"
            let cases: [(HTTPMethod, String, Any?, HTTPStatus, String, String?)] = [
                (.POST, "/api/v1/orgs", "{not json", .badRequest, "malformed_body", nil),
                (.POST, "/api/v1/orgs", ["name": 42], .unprocessableEntity, "validation_failed", "name"),
                (.POST, "/api/v1/orgs", [String: Any](), .unprocessableEntity, "validation_failed", "name"),
                (
                    .POST, "/api/v1/orgs", ["name": String(repeating: "x", count: 121)], .unprocessableEntity,
                    "validation_failed", "name"
                ),
                (.POST, "/api/v1/orgs", ["name": "   "], .unprocessableEntity, "validation_failed", "name"),
                (
                    .PATCH, ws + "/members/\(world.people[.member]!.id)", ["role": "emperor"], .unprocessableEntity,
                    "validation_failed", "role"
                ),
                (.PATCH, ws + "/members/not-a-uuid", ["role": "member"], .notFound, "not_found", nil),
                (.GET, "/api/v1/workspaces/12345", nil, .notFound, "not_found", nil),
                (
                    .POST, ws + "/invites", ["emails": "one@example.com", "role": "member"], .unprocessableEntity,
                    "validation_failed", "emails"
                ),
                (
                    .POST, ws + "/invites", ["emails": [String](), "role": "member"], .unprocessableEntity,
                    "validation_failed", "emails"
                ),
                (
                    .POST, ws + "/invites", ["emails": (0..<51).map { "p\($0)@example.com" }, "role": "member"],
                    .unprocessableEntity, "validation_failed", "emails"
                ),
                (.PATCH, ws, ["visibility": "secret"], .unprocessableEntity, "validation_failed", "visibility"),
                (
                    .POST, ws + "/projects", ["name": "ok", "description": String(repeating: "d", count: 2001)],
                    .unprocessableEntity, "validation_failed", "description"
                ),
                (
                    .POST, "/api/v1/auth/register", ["email": "nope", "password": "short", "name": ""],
                    .unprocessableEntity, "validation_failed", "email"
                ),
                (
                    .GET, "/api/v1/workspaces/\(world.internalID)/audit?limit=0", nil, .unprocessableEntity,
                    "validation_failed", "limit"
                ),
                (
                    .GET, "/api/v1/workspaces/\(world.internalID)/audit?cursor=yesterday", nil, .unprocessableEntity,
                    "invalid_cursor", "cursor"
                ),
                (.GET, "/api/v1/nothing-here", nil, .notFound, "not_found", nil),
            ]
            for (method, path, body, status, code, field) in cases {
                let reply = try await app.send(method, path, token: token, json: body)
                #expect(reply.status == status, "\(method) \(path): \(reply.text)")
                #expect(reply.code == code, "\(method) \(path): \(reply.text)")
                #expect(reply.isProblem, "\(method) \(path) content type")
                if let field {
                    let fields = (reply.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
                    #expect(fields.contains(field), "\(method) \(path): \(reply.text)")
                }
            }
            let project = try await world.createProject(in: world.internalID)
            let huge = try await app.send(
                .POST, "/api/v1/projects/\(project)/conversations", token: token,
                json: ["text": String(repeating: "word ", count: 5000)])
            #expect(huge.status == .unprocessableEntity)
            let noText = try await app.send(
                .POST, "/api/v1/projects/\(project)/conversations", token: token, json: ["participantName": "A"])
            #expect(noText.code == "validation_failed")
            let emptyQuestion = try await app.send(
                .POST, "/api/v1/projects/\(project)/ask", token: token, json: ["question": ""])
            #expect(emptyQuestion.status == .unprocessableEntity)
            // A refused request changed nothing.
            let orgs = try await app.send(.GET, "/api/v1/orgs", token: token)
            #expect(orgs.items.count == 1)
        }
    }

    @Test("a method the path does not support is 405 with Allow; PATCH without fields changes nothing")
    func methodsAndEmptyPatch() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let put = try await app.send(
                .PUT, "/api/v1/orgs/\(world.orgID)", token: world.owner.token, json: ["name": "X"])
            #expect(put.status == .methodNotAllowed)
            #expect(put.code == "method_not_allowed")
            #expect(put.headers.first(name: .allow) == "GET, PATCH")
            let trace = try await app.send(.DELETE, "/healthz")
            #expect(trace.status == .methodNotAllowed)
            let unknown = try await app.send(.PUT, "/api/v1/nowhere", token: world.owner.token)
            #expect(unknown.status == .notFound)
            let empty = try await app.send(.PATCH, "/api/v1/orgs/\(world.orgID)", token: world.owner.token, json: [:])
            #expect(empty.status == .ok)
            #expect(empty.string("name") == "Acme Research")
            let noBody = try await app.send(.PATCH, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token)
            #expect(noBody.status == .ok)
        }
    }

    @Test("health answers once the database does")
    func health() async throws {
        try await withSteward { app in
            let reply = try await app.send(.GET, "/healthz")
            #expect(reply.status == .ok)
            #expect(reply.string("status") == "ok")
        }
    }

    @Test("readyz is 200 once every migration ran, and 503 naming the one a database lacks")
    func readiness() async throws {
        try await withSteward { app in
            let ready = try await app.send(.GET, "/readyz")
            #expect(ready.status == .ok && ready.string("status") == "ready" && ready.string("database") == "ok")
            #expect((ready["pendingMigrations"] as? [Any])?.isEmpty == true)
            // An older database: the newest migration has not run there.
            let newest = try #require(StewardMigrations.all.last).name
            try await (app.db as! any SQLDatabase).raw("DELETE FROM _fluent_migrations WHERE name = \(bind: newest)")
                .run()
            let behind = try await app.send(.GET, "/readyz")
            #expect(behind.status == .serviceUnavailable && behind.string("status") == "notReady")
            #expect(behind["pendingMigrations"] as? [String] == [newest])
        }
    }
}

@Suite("Work: projects, conversations, reports and Ask")
struct WorkTests {
    @Test("a report counts conversations and terms, quotes participants, and publishes; Ask cites conversations")
    func reportAndAsk() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID, name: "Mobility")
            let bus = try await world.recordConversation(
                in: project, text: "The bus is always late. The bus should run every ten minutes.")
            _ = try await world.recordConversation(in: project, text: "Trees in the park give shade in summer.")
            let built = try await app.send(
                .POST, "/api/v1/projects/\(project)/reports", token: world.people[.external]!.token)
            #expect(built.status == .created)
            let content = built.json["content"] as? [String: Any] ?? [:]
            #expect(content["conversationCount"] as? Int == 2)
            let terms = content["topTerms"] as? [[String: Any]] ?? []
            #expect(terms.first?["term"] as? String == "bus")
            #expect(terms.first?["count"] as? Int == 2)
            #expect(built.string("status") == "draft")
            let published = try await app.send(
                .POST, "/api/v1/reports/\(built.string("id"))/publish", token: world.people[.member]!.token)
            #expect(published.string("status") == "published")
            let answer = try await app.send(
                .POST, "/api/v1/projects/\(project)/ask", token: world.people[.member]!.token,
                json: ["question": "How late is the bus?"])
            #expect(answer.status == .ok)
            let citations = answer.json["citations"] as? [[String: Any]] ?? []
            #expect(citations.count == 1)
            #expect(citations.first?["conversationId"] as? String == bus)
            let excerpt = citations.first?["excerpt"] as? String ?? ""
            #expect(excerpt.lowercased().contains("bus"))
            let nothing = try await app.send(
                .POST, "/api/v1/projects/\(project)/ask", token: world.owner.token, json: ["question": "helicopters?"])
            #expect((nothing.json["citations"] as? [Any])?.isEmpty == true)
            let deleted = try await app.send(.DELETE, "/api/v1/projects/\(project)", token: world.owner.token)
            #expect(deleted.status == .noContent)
            let gone = try await app.send(.GET, "/api/v1/conversations/\(bus)", token: world.owner.token)
            #expect(gone.status == .notFound)
        }
    }
}
