import FluentKit
import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// Issue 10: leaks, escalations and contract gaps a careful tester found, one test each.
@Suite("Hardening")
struct HardeningTests {
    @Test("approving an access request never grants ownership, not even by the org owner")
    func approveNeverGrantsOwner() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let open = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token, json: ["name": "Panel"])
            let id = open.string("id")
            let member = try #require(world.people[.member])
            let asked = try await app.send(.POST, "/api/v1/workspaces/\(id)/access-requests", token: member.token)
            let owner = try await app.send(
                .POST, "/api/v1/access-requests/\(asked.string("id"))/approve", token: world.owner.token,
                json: ["role": "owner"])
            #expect(owner.status == .unprocessableEntity && owner.code == "owner_not_invitable", "\(owner.text)")
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(id)", token: member.token).string("myRole") != "owner")
        }
    }

    @Test("someone removed after joining by a link gets a clear answer from that link, and a new link works")
    func rejoinThroughLink() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let (joiner, joinerID) = try await app.registerUser("joiner@example.com")
            func link() async throws -> String {
                let made = try await app.send(
                    .POST, "/api/v1/workspaces/\(world.clientID)/invite-links", token: world.owner.token,
                    json: ["role": "external"])
                return try #require(made.string("url").components(separatedBy: "/invitations/").last)
            }
            let first = try await link()
            #expect(try await app.send(.POST, "/api/v1/invitations/\(first)/accept", token: joiner).status == .ok)
            _ = try await app.send(
                .DELETE, "/api/v1/workspaces/\(world.clientID)/members/\(joinerID)", token: world.owner.token)
            let again = try await app.send(.POST, "/api/v1/invitations/\(first)/accept", token: joiner)
            #expect(again.status == .gone && again.code == "invite_used_by_you", "\(again.text)")
            let second = try await link()
            let back = try await app.send(.POST, "/api/v1/invitations/\(second)/accept", token: joiner)
            #expect(back.status == .ok && back.string("outcome") == "reactivated", "\(back.text)")
        }
    }

    @Test("a link without a limit says maxUses: null")
    func linkMaxUsesNull() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let made = try await app.send(
                .POST, "/api/v1/workspaces/\(world.clientID)/invite-links", token: world.owner.token,
                json: ["role": "external"])
            #expect(made.json.keys.contains("maxUses") && made.json["maxUses"] is NSNull, "\(made.text)")
            let listed = try await app.send(
                .GET, "/api/v1/workspaces/\(world.clientID)/invite-links", token: world.owner.token)
            #expect(listed.items.first?.keys.contains("maxUses") == true)
        }
    }

    @Test("on the free tier, invite-only may become private: only moving out of open needs a higher tier")
    func inviteOnlyToPrivateOnFree() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let path = "/api/v1/workspaces/\(world.internalID)"
            #expect(
                try await app.send(.PATCH, path, token: world.owner.token, json: ["visibility": "inviteOnly"]).status
                    == .ok)
            try await world.setTier(.free)
            let reply = try await app.send(.PATCH, path, token: world.owner.token, json: ["visibility": "private"])
            #expect(reply.status == .ok && reply.string("visibility") == "private", "\(reply.text)")
            let back = try await app.send(.PATCH, path, token: world.owner.token, json: ["visibility": "open"])
            #expect(back.status == .ok, "moving back to open is free too")
        }
    }

    @Test("a path id that is not an id answers 404 like any unknown id", arguments: ["..%2F..%2Fetc", "%00", "x"])
    func oddPathIDs(raw: String) async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            for path in ["/api/v1/workspaces/\(raw)", "/api/v1/orgs/\(raw)/members", "/api/v1/projects/\(raw)"] {
                let reply = try await app.send(.GET, path, token: world.owner.token)
                #expect(
                    reply.status == .notFound && reply.code == "not_found", "\(path): \(reply.status) \(reply.text)")
            }
        }
    }

    @Test("org billing people read a workspace's statement: they see spend across every workspace")
    func orgBillingReadsWorkspaceStatement() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let billing = try #require(world.orgPeople[.billing])
            let reply = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/statement", token: billing.token)
            #expect(reply.status == .ok, "\(reply.text)")
        }
    }

    @Test("private workspaces stay out of the org admin's overview and audit log")
    func privateHiddenFromOrgAdmins() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let made = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
                json: ["name": "Secret board", "visibility": "private"])
            let id = made.string("id")
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(id)/projects", token: world.owner.token, json: ["name": "Hidden plan"])
            let admin = try #require(world.orgPeople[.admin])
            let overview = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/overview", token: admin.token)
            #expect(overview.status == .ok)
            #expect(!overview.text.contains("Secret board"), "\(overview.text)")
            let audit = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/audit?limit=200", token: admin.token)
            #expect(audit.status == .ok && !audit.text.contains("Secret board") && !audit.text.contains("Hidden plan"))
            // The org owner can still carve in, so they see it.
            let ownerView = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/overview", token: world.owner.token)
            #expect(ownerView.text.contains("Secret board"))
        }
    }

    @Test("an external in one workspace is not added as a member elsewhere in the organisation")
    func outsideRoleInvariant() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let (consultant, _) = try await app.registerUser("consultant@elsewhere.org")
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.clientID)/invites", token: world.owner.token,
                json: ["emails": ["consultant@elsewhere.org"], "role": "external"])
            let second = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token, json: ["name": "Second"])
            let reply = try await app.send(
                .POST, "/api/v1/workspaces/\(second.string("id"))/invites", token: world.owner.token,
                json: ["emails": ["consultant@elsewhere.org"], "role": "member"])
            let result = try #require(reply.results.first)
            #expect(result["outcome"] == nil, "\(reply.text)")
            #expect(
                (result["error"] as? [String: Any])?["code"] as? String == "outside_memberships_first", "\(reply.text)")
            let orgRole = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)", token: consultant)
            #expect(orgRole.status == .notFound, "still outside the organisation")
        }
    }

    @Test("a request made before the workspace turned private cannot be approved into it")
    func outdatedRequest() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let made = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
                json: ["name": "Board", "visibility": "inviteOnly"])
            let id = made.string("id")
            let admin = try #require(world.orgPeople[.admin])
            let asked = try await app.send(.POST, "/api/v1/workspaces/\(id)/access-requests", token: admin.token)
            #expect(asked.status == .created, "\(asked.text)")
            _ = try await app.send(
                .PATCH, "/api/v1/workspaces/\(id)", token: world.owner.token, json: ["visibility": "private"])
            let approved = try await app.send(
                .POST, "/api/v1/access-requests/\(asked.string("id"))/approve", token: world.owner.token, json: [:])
            #expect(approved.status == .conflict && approved.code == "request_outdated", "\(approved.text)")
            #expect(try await app.send(.GET, "/api/v1/workspaces/\(id)", token: admin.token).status == .notFound)
        }
    }

    @Test("two approvals of one request at the same moment: one wins, the other is told it was decided")
    func doubleApprove() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let open = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token, json: ["name": "Panel"])
            let member = try #require(world.people[.member])
            let asked = try await app.send(
                .POST, "/api/v1/workspaces/\(open.string("id"))/access-requests", token: member.token)
            let admin = try #require(world.orgPeople[.admin])
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for token in [world.owner.token, admin.token, world.owner.token] {
                    group.addTask {
                        try await app.send(
                            .POST, "/api/v1/access-requests/\(asked.string("id"))/approve", token: token, json: [:]
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(
                statuses.filter { $0 == .ok }.count == 1 && statuses.filter { $0 == .conflict }.count == 2,
                "\(statuses)")
        }
    }

    @Test("a pooled account shows private workspaces' names only to its managers and their members")
    func pooledAccountHidesPrivateNames() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            _ = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
                json: ["name": "Secret board", "visibility": "private"])
            let pool = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)", token: world.owner.token)
                .string("billingAccountId")
            let viewer = try #require(world.people[.billing])
            let seen = try await app.send(.GET, "/api/v1/billing-accounts/\(pool)", token: viewer.token)
            #expect(seen.status == .ok && !seen.text.contains("Secret board"), "\(seen.text)")
            let manager = try await app.send(.GET, "/api/v1/billing-accounts/\(pool)", token: world.owner.token)
            #expect(manager.text.contains("Secret board"))
        }
    }

    @Test("accept against cancel at the same moment: exactly one wins, and a cancelled invite never makes a member")
    func acceptAgainstCancel() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            // The account comes after the invite, so the invite is pending (a verified account is added at once).
            for i in 0..<10 {
                let email = "late\(i)@example.com"
                let sent = try await app.send(
                    .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                    json: ["emails": [email], "role": "member"])
                let inviteID = try #require(sent.results.first?["inviteId"] as? String)
                let (token, _) = try await app.registerUser(email, verified: false)
                let link = try await app.invitationToken(to: email)
                async let accept = app.send(.POST, "/api/v1/invitations/\(link)/accept", token: token)
                async let cancel = app.send(.DELETE, "/api/v1/invites/\(inviteID)", token: world.owner.token)
                let (accepted, cancelled) = try await (accept, cancel)
                let member =
                    try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: token).status == .ok
                #expect(
                    (accepted.status == .ok) != (cancelled.status == .noContent), "\(accepted.text) / \(cancelled.text)"
                )
                #expect(member == (accepted.status == .ok), "a member exactly when the accept won")
                if cancelled.status != .noContent { #expect(cancelled.code == "invite_not_pending") }
                if accepted.status != .ok { #expect(accepted.code == "invite_cancelled") }
            }
        }
    }

    @Test("a hundred accepts of one invite at once: one membership, every answer added or alreadyMember")
    func manyAccepts() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let sent = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["many@example.com"], "role": "member"])
            #expect(sent.outcome() == "invited")
            let (token, _) = try await app.registerUser("many@example.com", verified: false)
            let link = try await app.invitationToken(to: "many@example.com")
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<100 {
                    group.addTask {
                        let reply = try await app.send(.POST, "/api/v1/invitations/\(link)/accept", token: token)
                        return reply.status == .ok ? reply.string("outcome") : "\(reply.status.code) \(reply.text)"
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "added" }.count == 1, "\(outcomes)")
            #expect(outcomes.allSatisfy { $0 == "added" || $0 == "alreadyMember" }, "\(outcomes)")
        }
    }

    @Test("an org admin joining one workspace twice at once: one membership, one seat, both answers 200")
    func doubleJoin() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let admin = try #require(world.orgPeople[.admin])
            let replies = try await withThrowingTaskGroup(of: Reply.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/workspaces/\(world.internalID)/join", token: admin.token)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.allSatisfy { $0.status == .ok }, "\(replies.map(\.text))")
            let members = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/members?limit=200", token: world.owner.token)
            let rows = members.items.filter { ($0["user"] as? [String: Any])?["id"] as? String == admin.id }
            #expect(rows.count == 1, "\(members.text)")
            #expect(rows.first?["paidSeat"] as? Bool == true, "the join made it an explicit, paid membership")
            let seatsPath = "/api/v1/workspaces/\(world.internalID)/seats"
            let live = try await app.send(.GET, seatsPath, token: world.owner.token)
            #expect(live["seatsUsed"] as? Int == 6, "owner, admin, member, billing, external and the org admin")
            try await Maintenance.rebuildDerivedData(on: app.db)
            let rebuilt = try await app.send(.GET, seatsPath, token: world.owner.token)
            #expect(NSDictionary(dictionary: rebuilt.json) == NSDictionary(dictionary: live.json))
        }
    }

    @Test("someone who may no longer grant an invite's role cannot re-send (and so void) it")
    func resendNeedsTheGrant() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let admin = try #require(world.orgPeople[.admin])
            let sent = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/invites", token: world.owner.token,
                json: ["emails": ["fresh@example.com"], "role": "owner"])
            let inviteID = try #require(sent.results.first?["inviteId"] as? String, "\(sent.text)")
            let resent = try await app.send(.POST, "/api/v1/invites/\(inviteID)/resend", token: admin.token)
            #expect(resent.status == .forbidden && resent.code == "grant_not_allowed", "\(resent.text)")
            let link = try await app.invitationToken(to: "fresh@example.com")
            #expect(try await app.send(.GET, "/api/v1/invitations/\(link)").string("status") == "pending")
        }
    }

    @Test("thirty wrong passwords at once for one account: no more than the limit get through to a password check")
    func parallelWrongPasswords() async throws {
        try await withSteward(rateLimits: true) { app in
            _ = try await app.registerUser("target@example.com")
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        try await app.send(
                            .POST, "/api/v1/auth/login",
                            json: ["email": "target@example.com", "password": "a wrong guess"]
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5, "\(statuses)")
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 25)
        }
    }

    @Test("five invite emails to one address per inviting account per day, across all their organisations")
    func perInviterLimit() async throws {
        try await withSteward(rateLimits: true) { app in
            let (owner, _) = try await app.registerUser("busy@example.com")
            var outcomes: [String] = []
            for i in 0..<3 {
                let org = try await app.send(.POST, "/api/v1/orgs", token: owner, json: ["name": "Org \(i)"])
                for _ in 0..<3 {
                    let reply = try await app.send(
                        .POST, "/api/v1/orgs/\(org.string("id"))/invites", token: owner,
                        json: ["emails": ["target@example.com"], "role": "member"])
                    let first = reply.results.first
                    outcomes.append(
                        first?["outcome"] as? String ?? ((first?["error"] as? [String: Any])?["code"] as? String ?? "?")
                    )
                }
            }
            #expect(outcomes.filter { $0 == "invited" }.count == 5, "\(outcomes)")
            #expect(outcomes.filter { $0 == "rate_limited" }.count == 4, "\(outcomes)")
        }
    }

    @Test("data-owner invites count: the sixth email to one address in a day is refused")
    func dataOwnerEmailsCount() async throws {
        try await withSteward(rateLimits: true) { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            let created = try await world.createClientWorkspace(dataOwner: "dana@client.org")
            let id = created.string("id")
            var statuses: [HTTPStatus] = []
            for i in 0..<10 {
                let reply = try await app.send(
                    .PATCH, "/api/v1/workspaces/\(id)/data-owner", token: world.owner.token,
                    json: ["dataOwnerEmail": i % 2 == 0 ? "other@client.org" : "dana@client.org"])
                statuses.append(reply.status)
            }
            // Dana: the creation and changes 2, 4, 6, 8 make five; the tenth change is refused.
            #expect(statuses.last == .tooManyRequests, "\(statuses)")
            #expect(statuses.filter { $0 == .ok }.count == 9, "\(statuses)")
        }
    }

    @Test("a project in an external-client workspace stays there: the data is the client's")
    func clientDataStays() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.clientID, name: "Client study")
            let moved = try await app.send(
                .POST, "/api/v1/projects/\(project)/move", token: world.owner.token,
                json: ["targetWorkspaceId": world.internalID])
            #expect(moved.status == .conflict && moved.code == "client_data_stays", "\(moved.text)")
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            #expect(!(try await web.get("/projects/\(project)")).contains("move-project-form"))
        }
    }

    @Test("nobody approves their own upgrade request; a new workspace always bills to the organisation's account")
    func upgradeRequests() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let billing = try #require(world.orgPeople[.billing])
            let path = "/api/v1/orgs/\(world.orgID)/upgrade-requests"
            let asked = try await app.send(
                .POST, path, token: billing.token, json: ["kind": "tier", "requestedTier": "changemaker"])
            #expect(asked.status == .created, "\(asked.text)")
            let own = try await app.send(
                .POST, "/api/v1/upgrade-requests/\(asked.string("id"))/approve", token: billing.token)
            #expect(own.status == .forbidden && own.code == "own_request", "\(own.text)")
            // A partner's client workspace bills to an account of its own, scoped to it.
            _ = try await world.makePartner()
            let client = try await world.createClientWorkspace().string("id")
            let clientAccount = try await app.send(.GET, "/api/v1/workspaces/\(client)", token: world.owner.token)
                .string("billingAccountId")
            let pool = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)", token: world.owner.token)
                .string("billingAccountId")
            try #require(!clientAccount.isEmpty && clientAccount != pool)
            let scoped = try await app.send(
                .POST, path, token: world.owner.token,
                json: ["kind": "workspace", "workspaceName": "Side project", "billingAccountId": clientAccount])
            #expect(
                scoped.status == .unprocessableEntity && scoped.code == "new_workspace_bills_to_org", "\(scoped.text)")
            let member = try #require(world.people[.member])
            let wanted = try await app.send(
                .POST, path, token: member.token, json: ["kind": "workspace", "workspaceName": "Side project"])
            let approved = try await app.send(
                .POST, "/api/v1/upgrade-requests/\(wanted.string("id"))/approve", token: world.owner.token)
            #expect(approved.status == .ok, "\(approved.text)")
            let created = try #require(approved["createdWorkspaceId"] as? String)
            let ws = try await app.send(.GET, "/api/v1/workspaces/\(created)", token: member.token)
            #expect(ws.string("billingAccountId") == pool, "\(ws.text)")
        }
    }

    @Test("a handoff ends what the partner had pending: invites, links and access requests")
    func handoffEndsPartnerPending() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            _ = try await app.registerUser("dana@client.org")
            let created = try await world.createClientWorkspace(dataOwner: "dana@client.org")
            let id = created.string("id")
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(id)/invites", token: world.owner.token,
                json: ["emails": ["pending@example.com"], "role": "external"])
            let link = try await app.send(
                .POST, "/api/v1/workspaces/\(id)/invite-links", token: world.owner.token, json: ["role": "external"])
            let linkToken = try #require(link.string("url").components(separatedBy: "/invitations/").last)
            let transfer = try await app.send(
                .POST, "/api/v1/staff/workspaces/\(id)/transfer", token: staff.token,
                json: ["newOrgName": "City of Example", "keepPartnerMembersAsExternal": false])
            #expect(transfer.status == .ok, "\(transfer.text)")
            let invite = try await app.invitationToken(to: "pending@example.com")
            #expect(try await app.send(.GET, "/api/v1/invitations/\(invite)").string("status") == "cancelled")
            #expect(try await app.send(.GET, "/api/v1/invitations/\(linkToken)").string("status") == "revoked")
            let overview = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/overview", token: world.owner.token)
            #expect(!overview.text.contains("pending@example.com"), "\(overview.text)")
        }
    }

    @Test(
        "two owners demoting each other, or both leaving, at the same moment: one owner always remains",
        arguments: [false, true])
    func lastOwnerRaces(leaving: Bool) async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let second = try #require(world.people[.admin])
            for round in 0..<5 {
                // A fresh workspace with two owners, who then act at the same moment.
                let made = try await app.send(
                    .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
                    json: ["name": "Round \(round)"])
                let ws = made.string("id")
                _ = try await app.send(
                    .POST, "/api/v1/workspaces/\(ws)/invites", token: world.owner.token,
                    json: ["emails": [second.email], "role": "admin"])
                let promoted = try await app.send(
                    .PATCH, "/api/v1/workspaces/\(ws)/members/\(second.id)", token: world.owner.token,
                    json: ["role": "owner"])
                #expect(promoted.status == .ok, "\(promoted.text)")
                func act(_ actor: Person, on other: Person) async throws -> Reply {
                    leaving
                        ? try await app.send(
                            .DELETE, "/api/v1/workspaces/\(ws)/members/\(actor.id)", token: actor.token)
                        : try await app.send(
                            .PATCH, "/api/v1/workspaces/\(ws)/members/\(other.id)", token: actor.token,
                            json: ["role": "admin"])
                }
                async let a = act(world.owner, on: second)
                async let b = act(second, on: world.owner)
                let (first, other) = try await (a, b)
                #expect([first.status, other.status].allSatisfy { $0.code < 500 }, "\(first.text) / \(other.text)")
                let owners = try await WorkspaceMemberRow.query(on: app.db).filter(
                    \.$workspaceID == UUID(uuidString: ws)!
                )
                .filter(\.$role == "owner").filter(\.$removedAt == nil).count()
                #expect(owners == 1, "round \(round): \(first.text) / \(other.text)")
                // The loser is read again after the winner: no longer an owner (demoting) or the last
                // one (leaving).
                let refusal = leaving ? "last_owner" : "target_above_own_role"
                #expect([first.code, other.code].contains(refusal), "\(first.text) / \(other.text)")
            }
        }
    }

    @Test("fifty people joining by a link with ten uses at once: exactly ten get in")
    func linkUsesRace() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let made = try await app.send(
                .POST, "/api/v1/workspaces/\(world.clientID)/invite-links", token: world.owner.token,
                json: ["role": "external", "maxUses": 10])
            let token = try #require(made.string("url").components(separatedBy: "/invitations/").last)
            var people: [String] = []
            for i in 0..<50 { people.append(try await app.registerUser("joiner\(i)@example.org").token) }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for person in people {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: person).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .ok }.count == 10, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .gone || $0 == .conflict }, "\(statuses)")
        }
    }
}
