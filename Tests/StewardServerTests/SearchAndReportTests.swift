import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// Ask searches a full-text index (SQLite FTS5, PostgreSQL tsvector) and ranks its finds with
/// BM25 over the whole project; reports read conversations a page at a time. A project holds at
/// most `STEWARD_PROJECT_MAX_CONVERSATIONS`.
@Suite("Ask and reports over a project's full-text index")
struct SearchAndReportTests {
    func ask(_ app: Application, _ world: World, _ project: String, _ question: String) async throws -> Reply {
        let reply = try await app.send(
            .POST, "/api/v1/projects/\(project)/ask", token: world.owner.token, json: ["question": question])
        #expect(reply.status == .ok, "\(reply.text)")
        return reply
    }

    func cited(_ reply: Reply) -> [String] {
        (reply["citations"] as? [[String: Any]] ?? []).compactMap { $0["conversationId"] as? String }
    }

    @Test("Ask finds conversations through the index, ranks them, and forgets a deleted one")
    func askUsesTheIndex() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            let other = try await world.createProject(in: world.internalID, name: "Other")
            let lights = try await world.recordConversation(
                in: project, text: "The park needs lights. Lights at night!")
            let bus = try await world.recordConversation(in: project, text: "The bus is late every morning.")
            _ = try await world.recordConversation(in: project, text: "Benches by the pond would be nice; lights too.")
            // The same words in another project are never found from this one.
            _ = try await world.recordConversation(in: other, text: "Lights lights lights everywhere in the park.")
            let reply = try await ask(app, world, project, "Where are lights needed?")
            #expect(cited(reply).first == lights)
            #expect(cited(reply).count == 2)
            #expect(!cited(reply).contains(bus))
            let none = try await ask(app, world, project, "helicopters")
            #expect(cited(none).isEmpty)
            #expect((none["answer"] as? String)?.contains("None of the 3 conversations") == true)
            let deleted = try await app.send(.DELETE, "/api/v1/conversations/\(lights)", token: world.owner.token)
            #expect(deleted.status == .noContent)
            #expect(!cited(try await ask(app, world, project, "lights")).contains(lights))
            // A project's deletion takes its conversations out of the index too.
            #expect(
                try await app.send(.DELETE, "/api/v1/projects/\(other)", token: world.owner.token).status == .noContent)
            try await Maintenance.rebuildDerivedData(on: app.db)
            #expect(cited(try await ask(app, world, project, "lights")).count == 1)
        }
    }

    @Test("a project takes conversations up to its limit, then 409 project_full; report and Ask work at the limit")
    func projectLimit() async throws {
        // 520 is past one page of 500, so the report reads two pages in each pass.
        try await withSteward(conversationsPerProject: 520) { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            for n in 1...520 {
                let text = n % 10 == 0 ? "Crossing \(n) near the school is dangerous" : "Idea \(n) about the market"
                let reply = try await app.send(
                    .POST, "/api/v1/projects/\(project)/conversations", token: world.owner.token,
                    json: ["participantName": "P\(n % 40)", "text": text])
                #expect(reply.status == .created)
            }
            let full = try await app.send(
                .POST, "/api/v1/projects/\(project)/conversations", token: world.owner.token,
                json: ["text": "One too many"])
            #expect(full.status == .conflict)
            #expect(full.code == "project_full")
            let portal = try await app.send(
                .POST, "/api/v1/portal/\(project)/contributions", json: ["text": "From the portal"])
            #expect(portal.code == "project_full")
            let report = try await app.send(.POST, "/api/v1/projects/\(project)/reports", token: world.owner.token)
            #expect(report.status == .created, "\(report.text)")
            let content = report["content"] as? [String: Any] ?? [:]
            #expect(content["conversationCount"] as? Int == 520)
            #expect(content["participantCount"] as? Int == 40)
            let terms = (content["topTerms"] as? [[String: Any]] ?? []).compactMap { $0["term"] as? String }
            #expect(terms.prefix(2).contains("idea") && terms.contains("crossing"))
            #expect((content["quotes"] as? [[String: Any]])?.count == 3)
            let answer = try await ask(app, world, project, "Is the school crossing dangerous?")
            #expect(cited(answer).count == 3)
        }
    }
}
