import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

@Suite("Members, the grant rule and the last owner over HTTP")
struct MembershipTests {
    @Test("an admin can grant admin but not owner; nobody grants above their own role")
    func grantAboveOwnRole() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let admin = world.people[.admin]!
            let target = world.people[.member]!
            let path = "/api/v1/workspaces/\(world.internalID)/members/\(target.id)"
            let toOwner = try await app.send(.PATCH, path, token: admin.token, json: ["role": "owner"])
            #expect(toOwner.status == .forbidden)
            #expect(toOwner.code == "owner_grant_requires_owner")
            let toAdmin = try await app.send(.PATCH, path, token: admin.token, json: ["role": "admin"])
            #expect(toAdmin.status == .ok, "\(toAdmin.text)")
            #expect(toAdmin.string("role") == "admin")
            #expect(try await app.lastEmail(to: target.email)?.kind == "role_changed")
            let ownerToOwner = try await app.send(.PATCH, path, token: world.owner.token, json: ["role": "owner"])
            #expect(ownerToOwner.status == .ok)
            // Now that target is an owner, the admin can neither change nor remove them.
            let demote = try await app.send(.PATCH, path, token: admin.token, json: ["role": "member"])
            #expect(demote.code == "target_above_own_role")
            let remove = try await app.send(.DELETE, path, token: admin.token)
            #expect(remove.status == .forbidden)
            #expect(remove.code == "target_above_own_role")
        }
    }

    @Test("invites cannot carry owner, and an admin's invite is capped at admin")
    func inviteRoles() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.registerUser("newbie@example.com")
            let path = "/api/v1/workspaces/\(world.internalID)/invites"
            let owner = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": ["newbie@example.com"], "role": "owner"])
            #expect(owner.status == .unprocessableEntity)
            #expect(owner.code == "owner_not_invitable")
            let memberTries = try await app.send(
                .POST, path, token: world.people[.member]!.token,
                json: ["emails": ["newbie@example.com"], "role": "member"])
            #expect(memberTries.status == .forbidden)
            let observerInInternal = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": ["newbie@example.com"], "role": "observer"])
            #expect(observerInInternal.status == .unprocessableEntity)
            #expect(observerInInternal.code == "observer_needs_external_client_workspace")
        }
    }

    @Test("the last owner of a workspace cannot be demoted, removed or leave; with two owners one can")
    func lastWorkspaceOwner() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let me = "/api/v1/workspaces/\(world.internalID)/members/\(world.owner.id)"
            let demote = try await app.send(.PATCH, me, token: world.owner.token, json: ["role": "admin"])
            #expect(demote.status == .conflict)
            #expect(demote.code == "last_owner")
            let leave = try await app.send(.DELETE, me, token: world.owner.token)
            #expect(leave.code == "last_owner")
            let admin = world.people[.admin]!
            let promote = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)/members/\(admin.id)", token: world.owner.token,
                json: ["role": "owner"])
            #expect(promote.status == .ok)
            let leaveNow = try await app.send(.DELETE, me, token: world.owner.token)
            #expect(leaveNow.status == .noContent, "\(leaveNow.text)")
            // The original owner still owns the organisation, so they oversee the open workspace as admin.
            let back = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token)
            #expect(back.status == .notFound, "leaving is sticky: the organisation does not pull them back in")
        }
    }

    @Test("removing someone from the organisation ends their inside memberships in its workspaces, no others")
    func orgRemovalEndsInsideMemberships() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let member = try #require(world.people[.member])
            // The same person in another organisation's workspace stays there.
            let other = try await app.send(.POST, "/api/v1/orgs", token: world.outsider.token, json: ["name": "Other"])
            let elsewhere = try await app.send(
                .POST, "/api/v1/orgs/\(other.string("id"))/workspaces", token: world.outsider.token,
                json: ["name": "Elsewhere"])
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(elsewhere.string("id"))/invites", token: world.outsider.token,
                json: ["emails": [member.email], "role": "member"])
            let removed = try await app.send(
                .DELETE, "/api/v1/orgs/\(world.orgID)/members/\(member.id)", token: world.owner.token)
            #expect(removed.status == .noContent, "\(removed.text)")
            func isIn(_ workspace: String, token: String) async throws -> Bool {
                let list = try await app.send(.GET, "/api/v1/workspaces/\(workspace)/members?limit=200", token: token)
                return list.items.contains { ($0["user"] as? [String: Any])?["id"] as? String == member.id }
            }
            #expect(try await !isIn(world.internalID, token: world.owner.token))
            #expect(try await !isIn(world.clientID, token: world.owner.token))
            #expect(try await isIn(elsewhere.string("id"), token: world.outsider.token))
        }
    }

    @Test("the last owner of an organisation cannot be demoted or leave")
    func lastOrgOwner() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let me = "/api/v1/orgs/\(world.orgID)/members/\(world.owner.id)"
            let demote = try await app.send(.PATCH, me, token: world.owner.token, json: ["role": "admin"])
            #expect(demote.code == "last_owner")
            let leave = try await app.send(.DELETE, me, token: world.owner.token)
            #expect(leave.code == "last_owner")
            let orgAdmin = world.orgPeople[.admin]!
            let adminRemovesOwner = try await app.send(.DELETE, me, token: orgAdmin.token)
            #expect(adminRemovesOwner.code == "target_above_own_role")
            let adminGrantsOwner = try await app.send(
                .PATCH, "/api/v1/orgs/\(world.orgID)/members/\(orgAdmin.id)", token: orgAdmin.token,
                json: ["role": "owner"])
            #expect(adminGrantsOwner.code == "owner_grant_requires_owner")
        }
    }

    @Test("adding by email: added, alreadyMember, reactivated, case-insensitive, mixed errors in one request")
    func addOutcomes() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.registerUser("Sam.Smith@Example.com")
            let path = "/api/v1/workspaces/\(world.internalID)/invites"
            let first = try await app.send(
                .POST, path, token: world.owner.token,
                json: ["emails": ["SAM.smith@example.COM, not-an-email", "nobody@example.com"], "role": "member"])
            #expect(first.status == .ok)
            let results = first["results"] as? [[String: Any]] ?? []
            #expect(results.count == 3)
            #expect(results[0]["email"] as? String == "sam.smith@example.com")
            #expect(results[0]["outcome"] as? String == "added")
            #expect((results[1]["error"] as? [String: Any])?["code"] as? String == "invalid_email")
            #expect(results[2]["outcome"] as? String == "invited", "no account yet: a pending invite")
            let again = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": ["sam.smith@example.com"], "role": "admin"])
            #expect((again["results"] as? [[String: Any]])?.first?["outcome"] as? String == "alreadyMember")
            let members = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/members", token: world.owner.token)
            let sam = members.items.first {
                ($0["user"] as? [String: Any])?["email"] as? String == "sam.smith@example.com"
            }
            #expect(sam?["role"] as? String == "member", "alreadyMember changes nothing")
            let samID = (sam?["user"] as? [String: Any])?["id"] as? String ?? ""
            let removed = try await app.send(
                .DELETE, "/api/v1/workspaces/\(world.internalID)/members/\(samID)", token: world.owner.token)
            #expect(removed.status == .noContent)
            #expect(try await app.lastEmail(to: "sam.smith@example.com")?.kind == "removed")
            let back = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": ["sam.smith@example.com"], "role": "external"])
            let backResults = back["results"] as? [[String: Any]] ?? []
            // Sam joined the organisation with the member role, so external is refused for him.
            #expect(
                (backResults.first?["error"] as? [String: Any])?["code"] as? String == "outside_role_for_org_member")
            let reactivated = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": ["sam.smith@example.com"], "role": "billing"])
            #expect((reactivated["results"] as? [[String: Any]])?.first?["outcome"] as? String == "reactivated")
        }
    }

    @Test("an external cannot be promoted to member by a role change, and an outside person cannot join the org")
    func outsidePromotionPath() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let external = world.people[.external]!
            let promote = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)/members/\(external.id)", token: world.owner.token,
                json: ["role": "member"])
            #expect(promote.status == .conflict)
            #expect(promote.code == "outside_promotion_not_allowed")
            let toOrg = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/invites", token: world.owner.token,
                json: ["emails": [external.email], "role": "member"])
            let result = (toOrg["results"] as? [[String: Any]])?.first
            #expect((result?["error"] as? [String: Any])?["code"] as? String == "outside_memberships_first")
            let observerUp = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.clientID)/members/\(world.people[.observer]!.id)",
                token: world.owner.token, json: ["role": "external"])
            #expect(observerUp.status == .ok, "observer → external is one step: \(observerUp.text)")
        }
    }

    @Test("every membership and role change is in the audit log with actor, before and after")
    func auditTrail() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let member = world.people[.member]!
            _ = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)/members/\(member.id)", token: world.owner.token,
                json: ["role": "admin"])
            let audit = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/audit?limit=2", token: world.owner.token)
            #expect(audit.status == .ok)
            let newest = audit.items.first
            #expect(newest?["action"] as? String == "workspace.member_role_changed")
            #expect(newest?["before"] as? String == "member")
            #expect(newest?["after"] as? String == "admin")
            #expect(newest?["targetLabel"] as? String == member.email)
            #expect((newest?["actor"] as? [String: Any])?["email"] as? String == world.owner.email)
            #expect(audit.items.count == 2)
            let cursor = audit.string("nextCursor")
            #expect(!cursor.isEmpty)
            let next = try await app.send(
                .GET,
                "/api/v1/workspaces/\(world.internalID)/audit?limit=200&cursor=\(cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)",
                token: world.owner.token)
            #expect(next.items.contains { $0["action"] as? String == "workspace.member_added" })
            let orgAudit = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/audit", token: world.owner.token)
            #expect(orgAudit.items.contains { $0["action"] as? String == "org.member_added" })
        }
    }

    @Test("concurrent adds of the same person yield one membership")
    func concurrentAdds() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.registerUser("racer@example.com")
            let path = "/api/v1/workspaces/\(world.internalID)/invites"
            let token = world.owner.token
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        let reply = try await app.send(
                            .POST, path, token: token, json: ["emails": ["racer@example.com"], "role": "member"])
                        return ((reply["results"] as? [[String: Any]])?.first?["outcome"] as? String) ?? reply.text
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "added" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "alreadyMember" }.count == 5, "\(outcomes)")
            let members = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)/members", token: token)
            #expect(
                members.items.filter { ($0["user"] as? [String: Any])?["email"] as? String == "racer@example.com" }
                    .count == 1)
        }
    }
}
