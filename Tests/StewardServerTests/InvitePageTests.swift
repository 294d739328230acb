import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

extension Application {
    /// The invitation token in the newest email to an address (pages tests' own copy).
    func pageInvitationToken(to address: String) async throws -> String {
        let email = try #require(try await services.outbox.recent(limit: 500).first { $0.to == address.lowercased() })
        let start = try #require(email.text.range(of: "/invitations/")).upperBound
        return String(email.text[start...].prefix { !$0.isWhitespace })
    }

    /// A new open workspace in the world's organisation, made by its owner.
    func makeWorkspace(_ world: World, name: String, visibility: String = "open") async throws -> String {
        let reply = try await send(
            .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
            json: ["name": name, "visibility": visibility])
        #expect(reply.status == .created, "\(reply.text)")
        return reply.string("id")
    }

    /// Invites a new address by email through the API and returns its token.
    func inviteNew(_ email: String, to workspace: String, role: String, by token: String) async throws -> String {
        let reply = try await send(
            .POST, "/api/v1/workspaces/\(workspace)/invites", token: token, json: ["emails": [email], "role": role])
        #expect(reply.outcome() == "invited", "\(reply.text)")
        return try await pageInvitationToken(to: email)
    }
}

extension Reply {
    /// The text from `start` up to and including the next `end`.
    func slice(from start: String, to end: String) -> String { text.slice(from: start, to: end) }

    /// Every match of a regular expression's first capture group.
    func captures(_ pattern: String) -> [String] { text.captures(pattern) }
}

extension String {
    func slice(from start: String, to end: String) -> String {
        guard let a = range(of: start) else { return "" }
        guard let b = range(of: end, range: a.upperBound..<endIndex) else { return String(self[a.lowerBound...]) }
        return String(self[a.lowerBound..<b.upperBound])
    }

    func captures(_ pattern: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(startIndex..., in: self)
        return regex.matches(in: self, range: range).compactMap { match in
            Range(match.range(at: 1), in: self).map { String(self[$0]) }
        }
    }
}

@Suite("Invite and access pages")
struct InvitePageTests {
    @Test("the invite dialog offers only the roles this person may grant, with summaries, seats and the count")
    func inviteDialog() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let admin = WebSession(app)
            try await admin.signIn(world.people[.admin]!.email)
            let page = try await admin.get("/w/\(world.internalID)/members")
            #expect(page.status == .ok)
            #expect(page.contains("id=\"open-invite-dialog\""))
            #expect(page.contains("<dialog id=\"invite-dialog\""))
            #expect(page.contains("id=\"invite-email-form\""))
            #expect(page.contains("id=\"invite-link-form\""))
            let select = page.slice(from: "id=\"invite-role\"", to: "</select>")
            for role in ["admin", "member", "billing", "external"] {
                #expect(select.contains("value=\"\(role)\""), "\(role) offered")
            }
            #expect(!select.contains("value=\"owner\""), "an admin can't invite an owner")
            #expect(!select.contains("value=\"observer\""), "no observers in an internal workspace")
            #expect(select.contains(WorkspaceRole.member.summary))
            #expect(select.contains("takes a seat"))
            #expect(page.contains("Seats now:"))
            #expect(page.contains("Observers are free"))
            let linkSelect = page.slice(from: "id=\"link-role\"", to: "</select>")
            #expect(linkSelect.contains("value=\"member\"") && linkSelect.contains("value=\"external\""))
            #expect(!linkSelect.contains("value=\"admin\"") && !linkSelect.contains("value=\"billing\""))

            let client = try await admin.get("/w/\(world.clientID)/members")
            let clientSelect = client.slice(from: "id=\"invite-role\"", to: "</select>")
            #expect(clientSelect.contains("value=\"observer\""))
            #expect(clientSelect.contains("Observer (free) — \(WorkspaceRole.observer.summary)"))
            #expect(client.slice(from: "id=\"link-role\"", to: "</select>").contains("value=\"observer\""))

            let member = WebSession(app)
            try await member.signIn(world.people[.member]!.email)
            let plain = try await member.get("/w/\(world.internalID)/members")
            #expect(!plain.contains("invite-dialog"))
            #expect(!plain.contains("pending-invites"))

            let orgAdmin = WebSession(app)
            try await orgAdmin.signIn(world.orgPeople[.admin]!.email)
            let orgPage = try await orgAdmin.get("/orgs/\(world.orgID)/members")
            let orgSelect = orgPage.slice(from: "id=\"invite-role\"", to: "</select>")
            #expect(orgSelect.contains("value=\"admin\"") && orgSelect.contains("value=\"billing\""))
            #expect(!orgSelect.contains("value=\"owner\""))
            #expect(!orgPage.contains("id=\"invite-link-form\""), "links are for workspaces")
            // Only paid workspace invites hold seats; the organisation's pending list says so.
            #expect(orgPage.contains("An organisation invite reserves no seat."))
            #expect(!orgPage.contains("Each paid one reserves a seat."))
            #expect(page.contains("Each paid one reserves a seat."))
            let owner = WebSession(app)
            try await owner.signIn(world.owner.email)
            let ownerOrg = try await owner.get("/orgs/\(world.orgID)/members")
            #expect(ownerOrg.slice(from: "id=\"invite-role\"", to: "</select>").contains("value=\"owner\""))
        }
    }

    @Test("a bulk email invite shows each address's outcome once; pending invites can be re-sent and cancelled")
    func bulkInvite() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            let path = "/w/\(world.internalID)/members"
            let sent = try await web.post(
                path,
                [
                    "emails": "member@example.com, outsider@example.com\r\nbrand-new@example.com\r\nnot-an-address",
                    "role": "member",
                ], referer: path)
            #expect(sent.status == .seeOther)
            #expect(sent.location == path)
            let page = try await web.get(path)
            let results = page.slice(from: "id=\"invite-results\"", to: "</ul>")
            let items = results.components(separatedBy: "<li").dropFirst()
            #expect(items.count == 4, "\(results)")
            func item(_ address: String) -> String { items.first { $0.contains(address) } ?? "" }
            #expect(item("member@example.com").contains("already a member"))
            #expect(item("outsider@example.com").contains("added"))
            #expect(item("brand-new@example.com").contains("invited"))
            #expect(item("not-an-address").contains("not invited"))
            #expect(item("not-an-address").contains("is not a valid email address"))
            let pending = page.slice(from: "id=\"pending-invites\"", to: "</table>")
            #expect(pending.contains("brand-new@example.com"))
            #expect(pending.contains("Waiting"))
            let again = try await web.get(path)
            #expect(!again.contains("id=\"invite-results\""), "results show once")

            let oldToken = try await app.pageInvitationToken(to: "brand-new@example.com")
            let resend = try #require(again.captures(#"action="(/invites/[0-9a-f-]+/resend)""#).first)
            let resent = try await web.post(resend, ["back": path])
            #expect(resent.status == .seeOther)
            #expect(resent.location == path)
            #expect(try await web.get(path).contains("sent again"))
            #expect(try await app.pageInvitationToken(to: "brand-new@example.com") != oldToken)
            let old = try await web.get("/invitations/\(oldToken)")
            #expect(old.contains("no longer valid"))

            let current = try await web.get(path)
            let cancel = try #require(current.captures(#"action="(/invites/[0-9a-f-]+/cancel)""#).first)
            #expect(try await web.post(cancel, ["back": path]).status == .seeOther)
            let after = try await web.get(path)
            #expect(after.contains("Invite cancelled"))
            #expect(!after.contains("id=\"pending-invites\""))

            let empty = try await web.post(path, ["emails": " ", "role": "member"], referer: path)
            #expect(empty.location == path)
            #expect(try await web.get(path).contains("enter at least one email address"))
        }
    }

    @Test("creating an invite link shows its URL once; it can be revoked")
    func inviteLink() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            let path = "/w/\(world.internalID)/members"
            let created = try await web.post(
                "/w/\(world.internalID)/invite-links", ["role": "external", "expiresInDays": "7", "maxUses": ""],
                referer: path)
            #expect(created.status == .seeOther)
            #expect(created.location == path)
            let page = try await web.get(path)
            let url = try #require(page.captures(#"id="created-invite-link"[^>]*value="([^"]+)""#).first)
            #expect(url.hasPrefix("http://localhost:8080/invitations/"))
            #expect(page.contains("not shown again"))
            let token = String(url.dropFirst("http://localhost:8080/invitations/".count))
            let again = try await web.get(path)
            #expect(!again.contains("id=\"created-invite-link\""), "the URL shows once")
            #expect(!again.contains(token))
            let links = again.slice(from: "id=\"invite-links\"", to: "</table>")
            #expect(links.contains("external"))

            let outsider = WebSession(app)
            try await outsider.signIn(world.outsider.email)
            let invitation = try await outsider.get("/invitations/\(token)")
            #expect(invitation.contains("id=\"accept-invitation\""))
            #expect(!invitation.contains("id=\"decline-invitation\""), "links are not declined")

            let tooLong = try await web.post(
                "/w/\(world.internalID)/invite-links", ["role": "member", "expiresInDays": "31"], referer: path)
            #expect(tooLong.location == path)
            #expect(try await web.get(path).contains("between 1 and 30"))

            let revoke = try #require(again.captures(#"action="(/invite-links/[0-9a-f-]+/revoke)""#).first)
            #expect(try await web.post(revoke, ["back": path]).status == .seeOther)
            #expect(!(try await web.get(path)).contains("id=\"invite-links\""))
            let revoked = try await outsider.get("/invitations/\(token)")
            #expect(revoked.contains("switched off"))
            #expect(!revoked.contains("id=\"accept-invitation\""))
        }
    }

    @Test("the accept page: signed out, the right account, another account, and spent invitations")
    func acceptPageStates() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let token = try await app.inviteNew(
                "newbie@example.com", to: world.internalID, role: "member", by: world.owner.token)

            let visitor = WebSession(app)
            let signedOut = try await visitor.get("/invitations/\(token)")
            #expect(signedOut.status == .ok)
            #expect(signedOut.contains("Internal work"))
            #expect(signedOut.contains("owner invited you"))
            #expect(signedOut.contains("newbie@example.com"))
            #expect(signedOut.contains("id=\"invitation-sign-in\""))
            #expect(signedOut.contains("id=\"invitation-register\""))
            #expect(signedOut.contains("/register?invitation=\(token)&amp;email=newbie%40example%2Ecom"))
            #expect(!signedOut.contains("id=\"accept-invitation\""))

            let outsider = WebSession(app)
            try await outsider.signIn(world.outsider.email)
            let wrong = try await outsider.get("/invitations/\(token)")
            #expect(wrong.contains("sent to <strong>newbie@example.com</strong>"))
            #expect(wrong.contains("signed in as <strong>outsider@example.com</strong>"))
            #expect(wrong.contains("Sign out and switch account"))
            #expect(!wrong.contains("id=\"accept-invitation\""))
            let switched = try await outsider.post("/logout", ["next": "/invitations/\(token)"])
            #expect(switched.status == .seeOther)
            #expect(switched.location == "/invitations/\(token)")
            #expect(try await outsider.get("/invitations/\(token)").contains("id=\"invitation-sign-in\""))

            _ = try await app.registerUser("newbie@example.com")
            let newbie = WebSession(app)
            try await newbie.signIn("newbie@example.com")
            let right = try await newbie.get("/invitations/\(token)")
            #expect(right.contains("id=\"accept-invitation\""))
            #expect(right.contains("id=\"decline-invitation\""))
            let accepted = try await newbie.post("/invitations/\(token)/accept", [:])
            #expect(accepted.status == .seeOther)
            #expect(accepted.location == "/w/\(world.internalID)")
            let inside = try await newbie.get(accepted.location)
            #expect(inside.status == .ok)
            #expect(inside.contains("Welcome to “Internal work”"))
            let used = try await newbie.get("/invitations/\(token)")
            #expect(used.contains("already used"))
            #expect(used.contains("You already have access"))

            let expiring = try await app.inviteNew(
                "late@example.com", to: world.internalID, role: "member", by: world.owner.token)
            clock.advance(by: 7 * 24 * 3600 + 1)
            let expired = try await visitor.get("/invitations/\(expiring)")
            #expect(expired.status == .ok)
            #expect(expired.contains("This invitation has expired"))
            #expect(expired.contains("Ask owner for a new invitation"))
            #expect(!expired.contains("id=\"invitation-register\""))
            #expect(!expired.contains("register-form"))
            #expect(!expired.contains("id=\"invitation-sign-in\""))

            #expect(try await visitor.get("/invitations/not-a-real-token").status == .notFound)
        }
    }

    @Test("a cancelled invitation offers the signed-in viewer a way to ask for access")
    func cancelledOffersRequest() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let side = try await app.makeWorkspace(world, name: "Side project")
            let token = try await app.inviteNew("gone@example.com", to: side, role: "member", by: world.owner.token)
            let pending = try await app.send(.GET, "/api/v1/workspaces/\(side)/invites", token: world.owner.token)
            let id = try #require(pending.items.first?["id"] as? String)
            _ = try await app.send(.DELETE, "/api/v1/invites/\(id)", token: world.owner.token)

            let visitor = WebSession(app)
            let signedOut = try await visitor.get("/invitations/\(token)")
            #expect(signedOut.contains("no longer valid"))
            #expect(!signedOut.contains("id=\"invitation-register\""))
            #expect(!signedOut.contains("id=\"request-access\""))

            let member = WebSession(app)
            try await member.signIn(world.people[.member]!.email)
            let page = try await member.get("/invitations/\(token)")
            #expect(page.contains("id=\"request-access\""))
            let asked = try await member.post(
                "/w/\(side)/access-requests", ["message": "I run the parks study", "back": "/invitations/\(token)"])
            #expect(asked.location == "/invitations/\(token)")
            let after = try await member.get("/invitations/\(token)")
            #expect(after.contains("You asked to join"))
            #expect(after.contains("Requested"))

            let orgAdmin = WebSession(app)
            try await orgAdmin.signIn(world.orgPeople[.admin]!.email)
            #expect(try await orgAdmin.get("/invitations/\(token)").contains("You already have access"))
        }
    }

    @Test("registering or signing in through an invitation accepts it and lands in the workspace with the role")
    func registerThroughInvitation() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let token = try await app.inviteNew(
                "Fresh.Face@example.com", to: world.clientID, role: "external", by: world.owner.token)
            let web = WebSession(app)
            let form = try await web.get("/register?invitation=\(token)&email=fresh.face%40example.com")
            #expect(form.contains("name=\"invitation\" value=\"\(token)\""))
            #expect(form.contains("value=\"fresh.face@example.com\""))
            #expect(form.slice(from: "id=\"register-email\"", to: ">").contains("readonly"))
            #expect(form.contains("Client work"))
            let registered = try await web.post(
                "/register",
                [
                    "name": "Fresh Face", "email": "fresh.face@example.com", "password": "correct horse battery",
                    "invitation": token,
                ], referer: "/register?invitation=\(token)")
            #expect(registered.status == .seeOther)
            #expect(registered.location == "/w/\(world.clientID)")
            let inside = try await web.get(registered.location)
            #expect(inside.status == .ok)
            #expect(inside.contains("Welcome to “Client work”"))
            #expect(inside.contains("in as an external"))
            let login = try await app.send(
                .POST, "/api/v1/auth/login",
                json: ["email": "fresh.face@example.com", "password": "correct horse battery"])
            let ws = try await app.send(.GET, "/api/v1/workspaces/\(world.clientID)", token: login.string("token"))
            #expect(ws.string("myRole") == "external")

            // Signing in: an account made earlier, with the invite still waiting.
            let second = try await app.inviteNew(
                "later@example.com", to: world.internalID, role: "member", by: world.owner.token)
            _ = try await app.registerUser("later@example.com")
            let later = WebSession(app)
            let loginPage = try await later.get("/login?invitation=\(second)&email=later%40example.com")
            #expect(loginPage.contains("name=\"invitation\" value=\"\(second)\""))
            #expect(loginPage.contains("Internal work"))
            let signedIn = try await later.post(
                "/login",
                ["email": "later@example.com", "password": "correct horse battery", "invitation": second])
            #expect(signedIn.location == "/w/\(world.internalID)")

            // The wrong account: signed in all the same, sent to the invitation with the reason.
            let third = try await app.inviteNew(
                "someone@example.com", to: world.internalID, role: "member", by: world.owner.token)
            let wrong = WebSession(app)
            let attempt = try await wrong.post(
                "/login", ["email": world.outsider.email, "password": "correct horse battery", "invitation": third])
            #expect(attempt.location == "/invitations/\(third)")
            let shown = try await wrong.get(attempt.location)
            #expect(shown.contains("role=\"alert\""))
            #expect(shown.contains("Sign out and switch account"))
        }
    }

    @Test("your invitations on the workspaces page can be accepted and declined")
    func yourInvitations() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.inviteNew(
                "waiting@example.com", to: world.internalID, role: "member", by: world.owner.token)
            let org = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/invites", token: world.owner.token,
                json: ["emails": ["waiting@example.com"], "role": "billing"])
            #expect(org.outcome() == "invited")
            _ = try await app.registerUser("waiting@example.com")
            let web = WebSession(app)
            try await web.signIn("waiting@example.com")
            let page = try await web.get("/workspaces")
            let card = page.slice(from: "id=\"your-invitations\"", to: "</section>")
            #expect(card.contains("Internal work"))
            #expect(card.contains("Acme Research"))
            let accepts = page.captures(#"action="(/invitations/[^"]+/accept)""#)
            let declines = page.captures(#"action="(/invitations/[^"]+/decline)""#)
            #expect(accepts.count == 2 && declines.count == 2)
            // Newest first: the organisation invite, then the workspace one.
            let declined = try await web.post(declines[0], [:])
            #expect(declined.location == "/workspaces")
            let fresh = try await web.get("/workspaces")
            #expect(fresh.contains("You declined the invitation to “Acme Research”"))
            let accept = try #require(fresh.captures(#"action="(/invitations/[^"]+/accept)""#).first)
            let accepted = try await web.post(accept, [:])
            #expect(accepted.location == "/w/\(world.internalID)")
            #expect(!(try await web.get("/workspaces")).contains("id=\"your-invitations\""))
        }
    }

    @Test("the organisation page lists discoverable workspaces with join and request actions")
    func discovery() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let open = try await app.makeWorkspace(world, name: "Open side")
            let closed = try await app.makeWorkspace(world, name: "Closed side", visibility: "inviteOnly")

            let member = WebSession(app)
            try await member.signIn(world.people[.member]!.email)
            let page = try await member.get("/orgs/\(world.orgID)")
            #expect(page.contains("action=\"/w/\(open)/access-requests\""))
            #expect(!page.contains("/w/\(open)/join"))
            #expect(!page.contains("Closed side"), "invite-only workspaces stay hidden from members")
            #expect(page.contains("Open to the organisation"))
            #expect(page.contains("href=\"/w/\(world.internalID)\""), "their own workspaces are links")
            let asked = try await member.post(
                "/w/\(open)/access-requests", ["message": "<b>Let me in</b>", "back": "/orgs/\(world.orgID)"])
            #expect(asked.location == "/orgs/\(world.orgID)")
            let after = try await member.get("/orgs/\(world.orgID)")
            #expect(after.contains("You asked to join “Open side”"))
            #expect(after.contains(">Requested<"))
            #expect(!after.contains("action=\"/w/\(open)/access-requests\""))

            let orgAdmin = WebSession(app)
            try await orgAdmin.signIn(world.orgPeople[.admin]!.email)
            let adminPage = try await orgAdmin.get("/orgs/\(world.orgID)")
            #expect(adminPage.contains("action=\"/w/\(closed)/join\""))
            #expect(adminPage.contains("href=\"/w/\(open)\""), "open workspaces: in through the organisation")
            let joined = try await orgAdmin.post("/w/\(closed)/join", [:])
            #expect(joined.location == "/w/\(closed)")
            #expect(try await orgAdmin.get(joined.location).contains("You joined “Closed side” as admin"))

            let owner = WebSession(app)
            try await owner.signIn(world.owner.email)
            let members = try await owner.get("/w/\(open)/members")
            let requests = members.slice(from: "id=\"access-requests\"", to: "</section>")
            #expect(requests.contains("member@example.com"))
            #expect(requests.contains("&lt;b&gt;Let me in&lt;/b&gt;"))
            let approve = try #require(requests.captures(#"action="(/access-requests/[0-9a-f-]+/approve)""#).first)
            #expect(requests.slice(from: "name=\"role\"", to: "</select>").contains("selected>Member"))
            let approved = try await owner.post(approve, ["role": "member", "back": "/w/\(open)/members"])
            #expect(approved.location == "/w/\(open)/members")
            #expect(try await member.get("/w/\(open)").status == .ok)
        }
    }

    @Test("the organisation overview is for org owners and admins")
    func overview() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.inviteNew(
                "pending@example.com", to: world.internalID, role: "member", by: world.owner.token)
            let owner = WebSession(app)
            try await owner.signIn(world.owner.email)
            #expect(try await owner.get("/orgs/\(world.orgID)").contains("href=\"/orgs/\(world.orgID)/overview\""))
            let page = try await owner.get("/orgs/\(world.orgID)/overview")
            #expect(page.status == .ok)
            let members = page.slice(from: "id=\"overview-members\"", to: "</table>")
            #expect(members.contains("external@example.com"))
            #expect(members.contains("Not in the organisation"), "outside people are listed too")
            #expect(page.slice(from: "id=\"overview-workspaces\"", to: "</table>").contains("Client work"))
            #expect(page.contains("id=\"access-requests\""))
            let pending = page.slice(from: "id=\"pending-invites\"", to: "</table>")
            #expect(pending.contains("pending@example.com"))
            #expect(pending.contains("Internal work"))
            #expect(pending.contains("/resend\""))

            let member = WebSession(app)
            try await member.signIn(world.people[.member]!.email)
            #expect(!(try await member.get("/orgs/\(world.orgID)")).contains("/overview\""))
            #expect(try await member.get("/orgs/\(world.orgID)/overview").status == .forbidden)
        }
    }

    @Test("the development mailbox lists emails and shows them safely; it is a 404 when off")
    func devMailbox() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let web = WebSession(app)
            #expect(try await web.get("/dev/mailbox").status == .notFound)
            #expect(!(try await web.get("/login")).contains("Development mailbox"))

            app.stewardConfig.devMailboxEnabled = true
            let odd = try await app.makeWorkspace(world, name: "Mailbox <b>side</b>")
            _ = try await app.inviteNew("mailme@example.com", to: odd, role: "member", by: world.owner.token)
            let list = try await web.get("/dev/mailbox")
            #expect(list.status == .ok)
            #expect(list.contains("no sign-in"))
            #expect(list.contains("mailme@example.com"))
            #expect((try await web.get("/login")).contains("href=\"/dev/mailbox\""))
            let links = list.captures(#"class="mailbox-link" href="([^"]+)""#)
            #expect(!links.isEmpty)
            let invite = try #require(
                try await app.services.outbox.recent(limit: 500).first { $0.to == "mailme@example.com" })
            let message = try await web.get("/dev/mailbox/\(invite.id.uuidString.lowercased())")
            #expect(message.status == .ok)
            let text = message.slice(from: "<pre id=\"mail-text\"", to: "</pre>")
            let token = try await app.pageInvitationToken(to: "mailme@example.com")
            #expect(text.contains("<a href=\"http://localhost:8080/invitations/\(token)\">"))
            #expect(text.contains("Mailbox &lt;b&gt;side&lt;/b&gt;"), "everything but the links is escaped")
            #expect(!text.contains("<b>"))
            let html = try await web.get("/dev/mailbox/\(invite.id.uuidString.lowercased())/html")
            #expect(html.status == .ok)
            #expect(html.headers.contentType?.subType == "html")
            #expect(
                html.headers.first(name: "Content-Security-Policy") == "default-src 'none'; style-src 'unsafe-inline'")
            #expect(html.contains("/invitations/\(token)"))
            #expect(try await web.get("/dev/mailbox/\(UUID().uuidString)").status == .notFound)
        }
    }

    @Test("plain text becomes links only for http(s) URLs, without trailing punctuation")
    func linkify() {
        let parts = MailboxWebController.linkify(
            "Open https://x.test/a?b=1. Or <javascript:alert(1)>, then http://y.test")
        #expect(parts.filter { $0.href != nil }.map(\.text) == ["https://x.test/a?b=1", "http://y.test"])
        #expect(parts.map(\.text).joined() == "Open https://x.test/a?b=1. Or <javascript:alert(1)>, then http://y.test")
    }

    @Test("a visibility change the tier refuses comes back to the settings with a clear reason")
    func visibilityTier() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            let path = "/w/\(world.internalID)/settings"
            let refused = try await web.post(path, ["name": "Internal work", "visibility": "private"], referer: path)
            #expect(refused.location == path)
            let page = try await web.get(path)
            #expect(page.contains("role=\"alert\""))
            #expect(page.contains("Innovator plan"))
        }
    }
}
