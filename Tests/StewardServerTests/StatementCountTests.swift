import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

/// The request path's budget (issue 8): one statement for the token with its account, one for the
/// caller's standing in the place, one for the data. More than three on a read is a regression.
@Suite("SQL statements per authorised read")
struct StatementCountTests {
    static let budget = 3

    @Test("every main read stays within three SQL statements")
    func mainReadsStayWithinBudget() async throws {
        let statements = StatementLog()
        try await withSteward(statements: statements) { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            for n in 1...3 {
                _ = try await world.recordConversation(in: project, text: "Conversation \(n) about parks")
            }
            let ws = world.internalID
            let reads = [
                "/api/v1/me", "/api/v1/workspaces", "/api/v1/workspaces/\(ws)", "/api/v1/orgs/\(world.orgID)",
                "/api/v1/projects/\(project)", "/api/v1/workspaces/\(ws)/projects",
                "/api/v1/projects/\(project)/conversations", "/api/v1/workspaces/\(ws)/members",
                "/api/v1/workspaces/\(ws)/usage", "/api/v1/workspaces/\(ws)/seats",
                "/api/v1/workspaces/\(ws)/audit",
            ]
            for path in reads {
                statements.reset()
                let reply = try await app.send(.GET, path, token: world.owner.token)
                #expect(reply.status == .ok, "\(path): \(reply.text)")
                let seen = statements.all
                #expect(
                    seen.count <= Self.budget,
                    "\(path) ran \(seen.count) statements:\n\(seen.joined(separator: "\n"))")
                #expect(!seen.isEmpty, "\(path): the statement log saw nothing, so it counts nothing")
            }
        }
    }

    @Test("someone's organisations cost the same statements however many they belong to")
    func organisationsListIsNotPerOrganisation() async throws {
        let statements = StatementLog()
        try await withSteward(statements: statements) { app in
            let world = try await World.make(app)
            func listStatements() async throws -> Int {
                statements.reset()
                let reply = try await app.send(.GET, "/api/v1/orgs", token: world.owner.token)
                #expect(reply.status == .ok, "\(reply.text)")
                return statements.all.count
            }
            let withOne = try await listStatements()
            for n in 1...4 {
                let created = try await app.send(
                    .POST, "/api/v1/orgs", token: world.owner.token, json: ["name": "Second office \(n)"])
                #expect(created.status == .created || created.status == .ok, "\(created.text)")
            }
            let withFive = try await listStatements()
            #expect(withOne > 0)
            #expect(withFive == withOne, "1 organisation: \(withOne) statements, 5: \(withFive)")
        }
    }
}
