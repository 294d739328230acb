import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

extension Application {
    /// The newest queued email to an address.
    func lastEmail(to address: String) async throws -> QueuedEmail? {
        try await services.outbox.recent(limit: 500).first { $0.to == address.lowercased() }
    }

    /// The invitation token in the newest email to an address.
    func invitationToken(to address: String) async throws -> String {
        try await linkToken(to: address, marker: "/invitations/")
    }
}

extension Reply {
    var results: [[String: Any]] { json["results"] as? [[String: Any]] ?? [] }
    func outcome(_ i: Int = 0) -> String? { results.count > i ? results[i]["outcome"] as? String : nil }
    func errorCode(_ i: Int = 0) -> String? {
        results.count > i ? (results[i]["error"] as? [String: Any])?["code"] as? String : nil
    }
}

@Suite("Invites over HTTP")
struct InviteAPITests {
    @Test("a new address is invited by email; registering and accepting lands in the workspace with the role")
    func inviteRegisterAccept() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let invite = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["New.Person@Example.com"], "role": "member"])
            #expect(invite.outcome() == "invited", "\(invite.text)")
            #expect(invite.results.first?["inviteId"] as? String != nil)
            let email = try #require(try await app.lastEmail(to: "new.person@example.com"))
            #expect(email.subject.contains("invited you"))
            #expect(email.html.contains("/invitations/"), "the link is in the HTML part too")
            let token = try await app.invitationToken(to: "new.person@example.com")
            let status = try await app.send(.GET, "/api/v1/invitations/\(token)")
            #expect(status.string("status") == "pending")
            #expect(status.string("kind") == "email")
            #expect(status.string("scope") == "workspace")
            #expect(status.string("role") == "member")
            let (newToken, _) = try await app.registerUser("NEW.PERSON@example.com")
            let accepted = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: newToken)
            #expect(accepted.status == .ok, "\(accepted.text)")
            #expect(accepted.string("outcome") == "added")
            #expect(accepted.string("workspaceId") == world.internalID)
            let mine = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: newToken)
            #expect(mine.string("myRole") == "member")
            let again = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: newToken)
            #expect(again.string("outcome") == "alreadyMember")
            let someoneElse = try await app.send(
                .POST, "/api/v1/invitations/\(token)/accept", token: world.outsider.token)
            #expect(someoneElse.status == .gone)
            #expect(someoneElse.code == "invite_used")
            let after = try await app.send(.GET, "/api/v1/invitations/\(token)")
            #expect(after.string("status") == "used")
        }
    }

    @Test("bulk: already a member, reactivated, added, invited and errors, each per address")
    func bulkOutcomes() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let (_, formerID) = try await app.registerUser("former@example.com")
            let path = "/api/v1/workspaces/\(world.internalID)/invites"
            _ = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": ["former@example.com"], "role": "member"])
            _ = try await app.send(
                .DELETE, "/api/v1/workspaces/\(world.internalID)/members/\(formerID)", token: world.owner.token)
            _ = try await app.registerUser("fresh@example.com")
            let emailsToMember = try await app.services.outbox.recent(limit: 500).filter {
                $0.to == "member@example.com"
            }.count
            let reply = try await app.send(
                .POST, path, token: world.owner.token,
                json: [
                    "emails": [
                        "MEMBER@example.com, Former@Example.com\r\nfresh@example.com brand-new@example.com", "nope",
                    ],
                    "role": "member",
                ])
            #expect(reply.status == .ok)
            let byEmail = Dictionary(uniqueKeysWithValues: reply.results.map { ($0["email"] as? String ?? "", $0) })
            #expect(byEmail["member@example.com"]?["outcome"] as? String == "alreadyMember")
            #expect(byEmail["former@example.com"]?["outcome"] as? String == "reactivated")
            #expect(byEmail["fresh@example.com"]?["outcome"] as? String == "added")
            #expect(byEmail["brand-new@example.com"]?["outcome"] as? String == "invited")
            #expect((byEmail["nope"]?["error"] as? [String: Any])?["code"] as? String == "invalid_email")
            let emailsToMemberAfter = try await app.services.outbox.recent(limit: 500).filter {
                $0.to == "member@example.com"
            }
            #expect(emailsToMemberAfter.count == emailsToMember, "no email when nothing changes")
            #expect(try await app.lastEmail(to: "fresh@example.com")?.kind == "added")
            #expect(try await app.lastEmail(to: "former@example.com")?.kind == "reactivated")
        }
    }

    @Test("an expired invite is refused with invite_expired, never applied")
    func expiry() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["late@example.com"], "role": "external"])
            let token = try await app.invitationToken(to: "late@example.com")
            clock.advance(by: 7 * 24 * 3600 + 1)
            let (late, _) = try await app.registerUser("late@example.com")
            let reply = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: late)
            #expect(reply.status == .gone)
            #expect(reply.code == "invite_expired")
            #expect(try await app.send(.GET, "/api/v1/invitations/\(token)").string("status") == "expired")
            let pending = try await app.send(.GET, "/api/v1/me/invites", token: late)
            #expect(pending.items.isEmpty, "expired invites are not live")
        }
    }

    @Test("re-sending issues a new link and the old one reads cancelled; cancelling frees the seat")
    func resendAndCancel() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let sent = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["twice@example.com"], "role": "member"])
            let inviteID = try #require(sent.results.first?["inviteId"] as? String)
            let oldToken = try await app.invitationToken(to: "twice@example.com")
            let seatsBefore = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/seats", token: world.owner.token)
            #expect(seatsBefore["pendingSeats"] as? Int == 1)
            let resent = try await app.send(.POST, "/api/v1/invites/\(inviteID)/resend", token: world.owner.token)
            #expect(resent.status == .ok, "\(resent.text)")
            let newID = resent.string("id")
            #expect(newID != inviteID)
            let newToken = try await app.invitationToken(to: "twice@example.com")
            #expect(newToken != oldToken)
            #expect(try await app.send(.GET, "/api/v1/invitations/\(oldToken)").string("status") == "cancelled")
            let (person, _) = try await app.registerUser("twice@example.com")
            let old = try await app.send(.POST, "/api/v1/invitations/\(oldToken)/accept", token: person)
            #expect(old.code == "invite_cancelled")
            let list = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token)
            #expect(list.items.count == 1)
            let cancel = try await app.send(.DELETE, "/api/v1/invites/\(newID)", token: world.owner.token)
            #expect(cancel.status == .noContent)
            let seatsAfter = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/seats", token: world.owner.token)
            #expect(seatsAfter["pendingSeats"] as? Int == 0)
            let refused = try await app.send(.POST, "/api/v1/invitations/\(newToken)/accept", token: person)
            #expect(refused.code == "invite_cancelled")
            let audit = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/audit", token: world.owner.token)
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(
                actions.contains("invite.resent") && actions.contains("invite.cancelled")
                    && actions.contains("invite.sent"))
        }
    }

    @Test("an email invite opened by another account is wrong_account, naming both addresses")
    func wrongAccount() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["right@example.com"], "role": "member"])
            let token = try await app.invitationToken(to: "right@example.com")
            let reply = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: world.outsider.token)
            #expect(reply.status == .forbidden)
            #expect(reply.code == "wrong_account")
            let detail = reply.string("detail")
            #expect(detail.contains("right@example.com") && detail.contains("outsider@example.com"))
            let decline = try await app.send(.POST, "/api/v1/invitations/\(token)/decline", token: world.outsider.token)
            #expect(decline.code == "wrong_account")
        }
    }

    @Test("accepting twice at the same moment yields one membership")
    func concurrentAccept() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["racer@example.com"], "role": "member"])
            let token = try await app.invitationToken(to: "racer@example.com")
            let (person, _) = try await app.registerUser("racer@example.com")
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        let r = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: person)
                        return r.json["outcome"] as? String ?? r.text
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.allSatisfy { $0 == "added" || $0 == "alreadyMember" }, "\(outcomes)")
            #expect(outcomes.filter { $0 == "added" }.count == 1, "\(outcomes)")
            let members = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/members", token: world.owner.token)
            #expect(
                members.items.filter { ($0["user"] as? [String: Any])?["email"] as? String == "racer@example.com" }
                    .count == 1)
        }
    }

    @Test("a link with two uses admits exactly two of five simultaneous joiners")
    func linkMaxUsesUnderConcurrency() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let created = try await app.send(
                .POST, "/api/v1/workspaces/\(world.clientID)/invite-links", token: world.owner.token,
                json: ["role": "observer", "maxUses": 2, "expiresInDays": 3])
            #expect(created.status == .created, "\(created.text)")
            let url = created.string("url")
            #expect(url.contains("/invitations/"))
            let token = String(url.split(separator: "/").last ?? "")
            var tokens: [String] = []
            for i in 0..<5 { tokens.append(try await app.registerUser("joiner\(i)@example.com").token) }
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for t in tokens {
                    group.addTask {
                        let r = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: t)
                        return (r.json["outcome"] as? String) ?? (r.code ?? r.text)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "added" }.count == 2, "\(outcomes)")
            #expect(outcomes.filter { $0 == "invite_used" }.count == 3, "\(outcomes)")
            #expect(try await app.send(.GET, "/api/v1/invitations/\(token)").string("status") == "used")
            let links = try await app.send(
                .GET, "/api/v1/workspaces/\(world.clientID)/invite-links", token: world.owner.token)
            #expect(links.items.isEmpty, "a used-up link is no longer live")
        }
    }

    @Test("links: only observer, external or member; revocable; observer links refused in internal workspaces")
    func linkRules() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let path = "/api/v1/workspaces/\(world.internalID)/invite-links"
            let admin = try await app.send(.POST, path, token: world.owner.token, json: ["role": "admin"])
            #expect(admin.status == .unprocessableEntity)
            let long = try await app.send(
                .POST, path, token: world.owner.token, json: ["role": "member", "expiresInDays": 31])
            #expect(long.status == .unprocessableEntity)
            let observer = try await app.send(.POST, path, token: world.owner.token, json: ["role": "observer"])
            #expect(observer.code == "observer_needs_external_client_workspace")
            let byMember = try await app.send(
                .POST, path, token: world.people[.member]!.token, json: ["role": "member"])
            #expect(byMember.status == .forbidden)
            let link = try await app.send(.POST, path, token: world.owner.token, json: ["role": "external"])
            #expect(link.status == .created)
            let days = (link.json["expiresAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) }
            #expect(days != nil)
            let token = String(link.string("url").split(separator: "/").last ?? "")
            let revoke = try await app.send(
                .DELETE, "/api/v1/invite-links/\(link.string("id"))", token: world.owner.token)
            #expect(revoke.status == .noContent)
            let (late, _) = try await app.registerUser("late@example.com")
            let refused = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: late)
            #expect(refused.code == "invite_revoked")
            let decline = try await app.send(.POST, "/api/v1/invitations/\(token)/decline", token: late)
            #expect(decline.status == .unprocessableEntity)
        }
    }

    @Test("an invite is void once the inviter may no longer grant its role")
    func voidInvite() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let admin = world.people[.admin]!
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: admin.token,
                json: ["emails": ["via-admin@example.com"], "role": "admin"])
            let token = try await app.invitationToken(to: "via-admin@example.com")
            _ = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)/members/\(admin.id)", token: world.owner.token,
                json: ["role": "member"])
            #expect(try await app.send(.GET, "/api/v1/invitations/\(token)").string("status") == "void")
            let (person, _) = try await app.registerUser("via-admin@example.com")
            let reply = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: person)
            #expect(reply.code == "invite_void")
        }
    }

    @Test("my invites list live invites with a token of my own; declining ends one")
    func myInvites() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/invites", token: world.owner.token,
                json: ["emails": ["joiner@example.com"], "role": "admin"])
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.clientID)/invites", token: world.owner.token,
                json: ["emails": ["joiner@example.com"], "role": "observer"])
            let (person, _) = try await app.registerUser("Joiner@example.com")
            let mine = try await app.send(.GET, "/api/v1/me/invites", token: person)
            #expect(mine.items.count == 2)
            let org = try #require(mine.items.first { $0["scope"] as? String == "org" })
            let ws = try #require(mine.items.first { $0["scope"] as? String == "workspace" })
            #expect(org["name"] as? String == "Acme Research")
            let accepted = try await app.send(
                .POST, "/api/v1/invitations/\(org["token"] as? String ?? "")/accept", token: person)
            #expect(accepted.string("outcome") == "added")
            #expect(accepted.string("orgId") == world.orgID)
            // Now an org member, the observer invite would break the outside-role rule.
            let observer = try await app.send(
                .POST, "/api/v1/invitations/\(ws["token"] as? String ?? "")/accept", token: person)
            #expect(observer.code == "outside_role_for_org_member")
            let declined = try await app.send(
                .POST, "/api/v1/invitations/\(ws["token"] as? String ?? "")/decline", token: person)
            #expect(declined.status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/me/invites", token: person).items.isEmpty)
        }
    }

    @Test("seats: people once per billing account, pending paid invites reserve, observers are free")
    func seatArithmetic() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let seats = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/seats", token: world.owner.token)
            // owner, admin, member, billing, external in the internal workspace.
            #expect(seats["seatsUsed"] as? Int == 5)
            #expect(seats["pendingSeats"] as? Int == 0)
            // A second internal workspace on the same pooled account: the same people count once.
            let second = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token, json: ["name": "Second"])
            let secondID = second.string("id")
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(secondID)/invites", token: world.owner.token,
                json: [
                    "emails": ["member@example.com", "pending-a@example.com", "Pending-A@example.com"],
                    "role": "member",
                ])
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["pending-a@example.com", "admin@example.com"], "role": "external"])
            let after = try await app.send(.GET, "/api/v1/workspaces/\(secondID)/seats", token: world.owner.token)
            #expect(after["seatsUsed"] as? Int == 5)
            #expect(after["pendingSeats"] as? Int == 1, "one address, however many invites: \(after.text)")
            #expect(after["total"] as? Int == 6)
            // Observers in the client workspace are free; the client workspace here has no account of its own yet.
            let client = try await app.send(
                .GET, "/api/v1/workspaces/\(world.clientID)/seats", token: world.owner.token)
            #expect(client["observers"] as? Int == 1)
            let refused = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/seats", token: world.people[.external]!.token)
            #expect(refused.status == .forbidden)
        }
    }
}

@Suite("Visibility, discovery and access requests over HTTP")
struct AccessAPITests {
    @Test("discovery per role and visibility: members ask, admins join, private stays hidden but for the owner")
    func discovery() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let make = { (name: String, visibility: String) async throws -> String in
                let r = try await app.send(
                    .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
                    json: ["name": name, "visibility": visibility])
                #expect(r.status == .created, "\(r.text)")
                return r.string("id")
            }
            let open = try await make("Open one", "open")
            let inviteOnly = try await make("Invite only", "inviteOnly")
            let hidden = try await make("Private one", "private")
            func status(_ token: String, _ id: String) async throws -> String? {
                let r = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/workspaces", token: token)
                return r.items.first { $0["id"] as? String == id }?["myStatus"] as? String
            }
            let member = world.people[.member]!.token
            let orgAdmin = world.orgPeople[.admin]!.token
            let billing = world.orgPeople[.billing]!.token
            #expect(try await status(member, open) == "canRequest")
            #expect(try await status(member, inviteOnly) == nil)
            #expect(try await status(member, hidden) == nil)
            #expect(try await status(orgAdmin, open) == "member", "org admins are in open workspaces via the org")
            #expect(try await status(orgAdmin, inviteOnly) == "canJoin")
            #expect(try await status(orgAdmin, hidden) == nil)
            #expect(try await status(world.owner.token, hidden) == "member")
            #expect(try await status(billing, open) == nil)
            let tryJoin = try await app.send(.POST, "/api/v1/workspaces/\(open)/join", token: member)
            #expect(tryJoin.code == "join_not_allowed")
            let joined = try await app.send(.POST, "/api/v1/workspaces/\(inviteOnly)/join", token: orgAdmin)
            #expect(joined.status == .ok, "\(joined.text)")
            #expect(joined.string("myRole") == "admin")
            let hiddenJoin = try await app.send(.POST, "/api/v1/workspaces/\(hidden)/join", token: orgAdmin)
            #expect(hiddenJoin.status == .notFound)
            let external = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.people[.external]!.token)
            #expect(external.status == .notFound, "outside people can't browse the organisation")
        }
    }

    @Test("request → approve with a role the approver may grant → the requester is in and told; deny is told too")
    func requestApproveDeny() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let open = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token, json: ["name": "Panel"])
            let id = open.string("id")
            let member = world.people[.member]!
            let first = try await app.send(
                .POST, "/api/v1/workspaces/\(id)/access-requests", token: member.token, json: ["message": "Let me help"]
            )
            #expect(first.status == .created)
            #expect(first.string("status") == "pending")
            let second = try await app.send(.POST, "/api/v1/workspaces/\(id)/access-requests", token: member.token)
            #expect(second.status == .ok)
            #expect(second.string("id") == first.string("id"), "one pending request per person and workspace")
            let discover = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/workspaces", token: member.token)
            #expect(discover.items.first { $0["id"] as? String == id }?["myStatus"] as? String == "requested")
            #expect(try await app.lastEmail(to: world.owner.email)?.kind == "access_requested")
            let list = try await app.send(.GET, "/api/v1/workspaces/\(id)/access-requests", token: world.owner.token)
            #expect(list.items.count == 1)
            #expect(list.items.first?["message"] as? String == "Let me help")
            let memberSees = try await app.send(.GET, "/api/v1/workspaces/\(id)/access-requests", token: member.token)
            #expect(memberSees.status == .notFound)
            let orgAdmin = world.orgPeople[.admin]!
            let tooHigh = try await app.send(
                .POST, "/api/v1/access-requests/\(first.string("id"))/approve", token: orgAdmin.token,
                json: ["role": "owner"])
            #expect(tooHigh.code == "owner_not_invitable", "ownership never comes by an approved request")
            let approved = try await app.send(
                .POST, "/api/v1/access-requests/\(first.string("id"))/approve", token: orgAdmin.token, json: [:])
            #expect(approved.status == .ok, "\(approved.text)")
            #expect(approved.string("status") == "approved")
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(id)", token: member.token).string("myRole") == "member")
            #expect(try await app.lastEmail(to: member.email)?.kind == "access_approved")
            let twice = try await app.send(
                .POST, "/api/v1/access-requests/\(first.string("id"))/deny", token: world.owner.token)
            #expect(twice.code == "request_not_pending")

            let (other, _) = try await app.registerUser("other@example.com")
            _ = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/invites", token: world.owner.token,
                json: ["emails": ["other@example.com"], "role": "member"])
            let ask = try await app.send(.POST, "/api/v1/workspaces/\(id)/access-requests", token: other)
            let denied = try await app.send(
                .POST, "/api/v1/access-requests/\(ask.string("id"))/deny", token: world.owner.token)
            #expect(denied.string("status") == "denied")
            #expect(try await app.lastEmail(to: "other@example.com")?.kind == "access_denied")
            let audit = try await app.send(.GET, "/api/v1/workspaces/\(id)/audit", token: world.owner.token)
            let actions = audit.items.compactMap { $0["action"] as? String }
            #expect(actions.contains("access_request.made") && actions.contains("access_request.approved"))
            #expect(actions.contains("access_request.denied"))
        }
    }

    @Test("removal is sticky: a removed org admin is not pulled back in but may join again deliberately")
    func stickyRemoval() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let orgAdmin = world.orgPeople[.admin]!
            let before = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: orgAdmin.token)
            #expect(before.string("access") == "organisation")
            let removed = try await app.send(
                .DELETE, "/api/v1/workspaces/\(world.internalID)/members/\(orgAdmin.id)", token: world.owner.token)
            #expect(removed.status == .noContent)
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: orgAdmin.token).status
                    == .notFound)
            let discover = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/workspaces", token: orgAdmin.token)
            #expect(
                discover.items.first { $0["id"] as? String == world.internalID }?["myStatus"] as? String == "canJoin")
            let join = try await app.send(.POST, "/api/v1/workspaces/\(world.internalID)/join", token: orgAdmin.token)
            #expect(join.string("access") == "membership")
        }
    }

    @Test("the org matrix shows members with workspace roles, workspaces, requests and pending invites")
    func overview() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["someone-new@example.com"], "role": "member"])
            let overview = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/overview", token: world.orgPeople[.admin]!.token)
            #expect(overview.status == .ok, "\(overview.text)")
            let members = overview.json["members"] as? [[String: Any]] ?? []
            let member = members.first { ($0["user"] as? [String: Any])?["email"] as? String == "member@example.com" }
            #expect(member?["orgRole"] as? String == "member")
            #expect((member?["workspaces"] as? [[String: Any]])?.count == 2)
            let external = members.first {
                ($0["user"] as? [String: Any])?["email"] as? String == "external@example.com"
            }
            #expect(
                external != nil && external?["orgRole"] == nil, "outside people appear with their workspace roles only")
            #expect((overview.json["workspaces"] as? [Any])?.count == 2)
            #expect(
                (overview.json["pendingInvites"] as? [[String: Any]])?.first?["email"] as? String
                    == "someone-new@example.com")
            let refused = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/overview", token: world.people[.member]!.token)
            #expect(refused.status == .forbidden)
        }
    }

    @Test("invites are throttled per address per organisation with 429 and Retry-After")
    func inviteRateLimit() async throws {
        try await withSteward(rateLimits: true) { app in
            let world = try await World.make(app)
            let path = "/api/v1/workspaces/\(world.internalID)/invites"
            let sent = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": ["spam@example.com"], "role": "member"])
            let inviteID = try #require(sent.results.first?["inviteId"] as? String)
            var latest = inviteID
            for _ in 0..<4 {
                let r = try await app.send(.POST, "/api/v1/invites/\(latest)/resend", token: world.owner.token)
                #expect(r.status == .ok, "\(r.text)")
                latest = r.string("id")
            }
            let sixth = try await app.send(.POST, "/api/v1/invites/\(latest)/resend", token: world.owner.token)
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.headers.first(name: .retryAfter) != nil)
            let bulk = try await app.send(
                .POST, path, token: world.owner.token,
                json: ["emails": ["spam@example.com", "fine@example.com"], "role": "member"])
            #expect(bulk.errorCode(0) == "rate_limited")
            #expect(bulk.outcome(1) == "invited")
        }
    }
}
