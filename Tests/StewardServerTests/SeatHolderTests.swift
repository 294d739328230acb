import FluentKit
import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// Seats are read from counters kept in step with every membership change; these tests walk the
/// changes that move them and check the counters against a rebuild from the memberships.
@Suite("Seat counters follow every membership change")
struct SeatHolderTests {
    func seats(_ app: Application, _ world: World, _ workspace: String) async throws -> Reply {
        let reply = try await app.send(.GET, "/api/v1/workspaces/\(workspace)/seats", token: world.owner.token)
        #expect(reply.status == .ok, "\(reply.text)")
        return reply
    }

    func byRole(_ reply: Reply) -> [String: Int] { reply["byRole"] as? [String: Int] ?? [:] }

    @Test("a person in two workspaces of one account holds one seat at their highest role, until they leave both")
    func onePersonTwoWorkspaces() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let second = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token, json: ["name": "Second"])
            let secondID = second.string("id")
            let before = try await seats(app, world, world.internalID)
            #expect(before["seatsUsed"] as? Int == 5)  // owner, admin, member, billing, external
            let (_, newcomerID) = try await app.registerUser("newcomer@example.com")
            for (workspace, role) in [(world.internalID, "member"), (secondID, "admin")] {
                let added = try await app.send(
                    .POST, "/api/v1/workspaces/\(workspace)/invites", token: world.owner.token,
                    json: ["emails": ["newcomer@example.com"], "role": role])
                #expect((added["results"] as? [[String: Any]])?.first?["outcome"] as? String == "added")
            }
            let both = try await seats(app, world, world.internalID)
            #expect(both["seatsUsed"] as? Int == 6, "one seat however many workspaces")
            #expect(byRole(both)["admin"] == byRole(before)["admin", default: 0] + 1, "counted at the highest role")
            let removeAdmin = try await app.send(
                .DELETE, "/api/v1/workspaces/\(secondID)/members/\(newcomerID)", token: world.owner.token)
            #expect(removeAdmin.status == .noContent, "\(removeAdmin.text)")
            let one = try await seats(app, world, secondID)
            #expect(one["seatsUsed"] as? Int == 6)
            #expect(byRole(one)["member"] == byRole(before)["member", default: 0] + 1, "back to member")
            let removeMember = try await app.send(
                .DELETE, "/api/v1/workspaces/\(world.internalID)/members/\(newcomerID)", token: world.owner.token)
            #expect(removeMember.status == .noContent)
            let after = try await seats(app, world, world.internalID)
            #expect(after["seatsUsed"] as? Int == 5)
            #expect(byRole(after) == byRole(before))
        }
    }

    @Test("the counters equal a rebuild from the memberships after role changes and removals")
    func countersMatchRebuild() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let member = world.people[.member]!
            let path = "/api/v1/workspaces/\(world.internalID)/members/\(member.id)"
            #expect(try await app.send(.PATCH, path, token: world.owner.token, json: ["role": "billing"]).status == .ok)
            let external = world.people[.external]!
            #expect(
                try await app.send(
                    .DELETE, "/api/v1/workspaces/\(world.internalID)/members/\(external.id)", token: world.owner.token
                ).status == .noContent)
            let live = try await seats(app, world, world.internalID)
            #expect(live["seatsUsed"] as? Int == 4)
            #expect(byRole(live)["billing"] == 2)
            try await Maintenance.rebuildDerivedData(on: app.db)
            let rebuilt = try await seats(app, world, world.internalID)
            #expect(NSDictionary(dictionary: rebuilt.json) == NSDictionary(dictionary: live.json))
        }
    }

    @Test("a pending paid invite reserves one seat per address across the account's workspaces")
    func pendingInvitesReserveOncePerAddress() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let second = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token, json: ["name": "Second"])
            for workspace in [world.internalID, second.string("id")] {
                let invited = try await app.send(
                    .POST, "/api/v1/workspaces/\(workspace)/invites", token: world.owner.token,
                    json: ["emails": ["Future.Hire@example.com"], "role": "member"])
                #expect((invited["results"] as? [[String: Any]])?.first?["outcome"] as? String == "invited")
            }
            let reply = try await seats(app, world, world.internalID)
            #expect(reply["pendingSeats"] as? Int == 1)
            #expect(reply["seatsUsed"] as? Int == 5)
        }
    }
}
