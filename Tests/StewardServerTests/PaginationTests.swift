import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

/// API.md: long lists take `?limit=` (1–200) and `?cursor=`, answer `nextCursor` (null on the
/// last page), and following it visits every item once, in a stable order.
@Suite("Long lists page with limit and cursor")
struct PaginationTests {
    /// Follows `nextCursor` from the first page and returns every item's `key` in order.
    func walk(_ app: Application, _ path: String, token: String, limit: Int, key: (([String: Any]) -> String))
        async throws -> (items: [String], pages: Int)
    {
        var items: [String] = []
        var pages = 0
        var cursor: String?
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            var url = "\(path)\(separator)limit=\(limit)"
            if let cursor { url += "&cursor=\(cursor)" }
            let reply = try await app.send(.GET, url, token: token)
            #expect(reply.status == .ok, "\(url): \(reply.text)")
            #expect(reply.json.keys.contains("nextCursor"), "\(url) always answers nextCursor")
            let page = reply.items
            #expect(page.count <= limit)
            items += page.map(key)
            pages += 1
            cursor = reply["nextCursor"] as? String
            if pages > 100 { break }
        } while cursor != nil
        return (items, pages)
    }

    @Test("conversations page newest first; the pages hold every conversation once")
    func conversationsPage() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            var recorded: [String] = []
            for n in 1...17 {
                recorded.append(try await world.recordConversation(in: project, text: "Note \(n) on parks"))
            }
            let (items, pages) = try await walk(
                app, "/api/v1/projects/\(project)/conversations", token: world.owner.token, limit: 5
            ) { $0["id"] as? String ?? "" }
            #expect(pages == 4)
            #expect(items == recorded.reversed())
            let last = try await app.send(
                .GET, "/api/v1/projects/\(project)/conversations?limit=200", token: world.owner.token)
            #expect(last.items.count == 17)
            #expect(last.json["nextCursor"] is NSNull, "null on the last page")
        }
    }

    @Test("members page by role, then name, across explicit members and organisation oversight")
    func membersPage() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            for n in 1...9 {
                let email = "person\(n)@example.com"
                _ = try await app.registerUser(email, name: "Person \(10 - n)")
                _ = try await app.send(
                    .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                    json: ["emails": [email], "role": n % 2 == 0 ? "member" : "admin"])
            }
            let all = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/members?limit=200", token: world.owner.token)
            let expected = all.items.map { ($0["user"] as? [String: Any])?["id"] as? String ?? "" }
            #expect(expected.count >= 15)
            let (items, _) = try await walk(
                app, "/api/v1/workspaces/\(world.internalID)/members", token: world.owner.token, limit: 4
            ) { ($0["user"] as? [String: Any])?["id"] as? String ?? "" }
            #expect(items == expected)
            #expect(Set(items).count == items.count)
            let ranks = all.items.compactMap { ($0["role"] as? String).flatMap(WorkspaceRole.init(rawValue:))?.rank }
            #expect(ranks == ranks.sorted(by: >), "highest role first")
        }
    }

    @Test("my workspaces, discovery and the audit log page too")
    func otherListsPage() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            for n in 1...6 {
                _ = try await app.send(
                    .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
                    json: ["name": "Panel \(n)"])
            }
            for path in ["/api/v1/workspaces", "/api/v1/orgs/\(world.orgID)/workspaces"] {
                let all = try await app.send(.GET, "\(path)?limit=200", token: world.owner.token)
                let expected = all.items.map { $0["id"] as? String ?? "" }
                let (items, pages) = try await walk(app, path, token: world.owner.token, limit: 3) {
                    $0["id"] as? String ?? ""
                }
                #expect(items == expected, "\(path)")
                #expect(pages >= 3)
            }
            let (events, _) = try await walk(
                app, "/api/v1/orgs/\(world.orgID)/audit", token: world.owner.token, limit: 4
            ) { $0["id"] as? String ?? "" }
            #expect(Set(events).count == events.count && events.count > 8)
        }
    }

    @Test("a limit outside 1–200 or a cursor the list did not hand out is a 422 naming the parameter")
    func badPageParameters() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            let base = "/api/v1/projects/\(project)/conversations"
            for (query, field) in [
                ("limit=0", "limit"), ("limit=201", "limit"), ("limit=ten", "limit"), ("cursor=%25%25", "cursor"),
                ("cursor=\(PageCursor(["not-a-uuid"]).encoded)", "cursor"),
                ("cursor=\(PageCursor(["1", "a", "b"]).encoded)", "cursor"),
            ] {
                let reply = try await app.send(.GET, "\(base)?\(query)", token: world.owner.token)
                #expect(reply.status == .unprocessableEntity, "\(query): \(reply.text)")
                // A cursor the API never handed out breaks a named rule; a bad limit is plain validation.
                #expect(reply.code == (field == "cursor" ? "invalid_cursor" : "validation_failed"), "\(query)")
                let errors = reply["errors"] as? [[String: Any]]
                #expect(errors?.first?["field"] as? String == field, "\(query)")
            }
            // Who is asking comes first: without a token it is 401 whatever the parameters.
            let anonymous = try await app.send(.GET, "\(base)?cursor=0")
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test("the project page shows 50 conversations and a link to the older ones, which lists the rest")
    func pagesPageToo() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            for n in 1...53 { _ = try await world.recordConversation(in: project, text: "Remark number \(n) here") }
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            let first = try await web.get("/projects/\(project)")
            #expect(first.status == .ok)
            #expect(first.contains("Remark number 53 here") && !first.contains("Remark number 3 here"))
            let link = try #require(
                first.text.firstMatch(of: /href="([^"]+)" rel="next"/).map { String($0.1) }, "no next link")
            #expect(link.hasPrefix("/projects/\(project)?cursor="))
            let second = try await web.get(link.replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.status == .ok)
            #expect(second.contains("Remark number 3 here") && !second.contains("Remark number 53 here"))
            #expect(!second.contains("rel=\"next\""), "the last page has no next link")
        }
    }

    @Test("a cursor survives the round trip as an opaque URL-safe string")
    func cursorRoundTrip() {
        let cursor = PageCursor(["3", "ana de vries", UUID().uuidString])
        #expect(cursor.encoded.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(PageCursor(encoded: cursor.encoded) == cursor)
        #expect(PageCursor(encoded: "") == nil)
    }
}
