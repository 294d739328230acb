import FluentKit
import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

extension WebSession {
    /// Posts a multipart form with one file field, the way a browser uploads a logo.
    func upload(
        _ path: String, field: String, bytes: [UInt8], filename: String, contentType: String, csrfField: String? = nil
    ) async throws -> Reply {
        if csrf.isEmpty { try await get("/login") }
        let csrf = csrfField ?? self.csrf
        let boundary = "----StewardBoundary7MA4YWxkTrZu0gW"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n\(csrf)\r\n")
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n"
                + "Content-Type: \(contentType)\r\n\r\n")
        body.writeBytes(bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers = HTTPHeaders()
        headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        headers.add(name: .host, value: "localhost")
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        var reply: Reply?
        try await app.testing().test(.POST, path, headers: headers, body: body) { res in
            reply = Reply(status: res.status, headers: res.headers, text: res.body.string)
        }
        return reply!
    }
}

/// The pooled billing account of an organisation.
func pooledAccountID(_ app: Application, org: String) async throws -> String {
    try await BillingAccountRow.query(on: app.db).filter(\.$orgID == UUID(uuidString: org)!).filter(\.$scope == "org")
        .first()!.id!.uuidString.lowercased()
}

/// Creates an external-client workspace through the org page's form, as the owner.
func createClientWorkspaceThroughForm(_ web: WebSession, world: World, dataOwner: String) async throws -> String {
    let reply = try await web.post(
        "/orgs/\(world.orgID)/workspaces",
        [
            "name": "Municipality panels", "visibility": "open", "externalClient": "true",
            "clientOrgName": "City of Example", "dataOwnerEmail": dataOwner, "partnerAgreementAccepted": "true",
        ], referer: "/orgs/\(world.orgID)")
    #expect(reply.status == .seeOther, "\(reply.text)")
    #expect(reply.location.hasPrefix("/w/"), "\(reply.location)")
    return String(reply.location.dropFirst("/w/".count))
}

@Suite("Partner pages")
struct PartnerPageTests {
    @Test("the staff console is a 404 for everyone but staff")
    func staffConsoleHidden() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            for path in ["/staff", "/staff/orgs/\(world.orgID)", "/staff/referral-deals", "/staff/audit"] {
                let page = try await web.get(path)
                #expect(page.status == .notFound, "\(path)")
                #expect(!page.contains("partner-flag-form"))
            }
            let post = try await web.post("/staff/orgs/\(world.orgID)/partner", ["isPartner": "true"])
            #expect(post.status == .notFound)
            let home = try await web.get("/workspaces")
            #expect(!home.contains("Staff console"))
        }
    }

    @Test("staff set the partner flag and change a tier with a reason; no reason is refused")
    func staffPartnerAndTier() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.staff()
            let web = WebSession(app)
            try await web.signIn("staff@example.com")
            let list = try await web.get("/staff?query=acme")
            #expect(list.status == .ok)
            #expect(list.contains("Acme Research"))
            #expect(list.contains("Staff console"))
            let orgPage = try await web.get("/staff/orgs/\(world.orgID)")
            #expect(orgPage.contains("id=\"partner-flag-form\""))
            #expect(orgPage.contains("This changes the tier of 1 internal workspace of Acme Research at once"))
            // The console links to no workspace content.
            #expect(!orgPage.contains("href=\"/w/"))

            let flag = try await web.post(
                "/staff/orgs/\(world.orgID)/partner", ["isPartner": "true"], referer: "/staff/orgs/\(world.orgID)")
            #expect(flag.status == .seeOther)
            let after = try await web.get("/staff/orgs/\(world.orgID)")
            #expect(after.contains("Partner since"))
            #expect(after.contains("Clear partner flag"))

            let account = try await pooledAccountID(app, org: world.orgID)
            #expect(after.contains("id=\"tier-form-\(account)\""))
            let refused = try await web.post(
                "/staff/billing-accounts/\(account)/tier", ["tier": "changemaker", "reason": ""],
                referer: "/staff/orgs/\(world.orgID)")
            #expect(refused.status == .seeOther)
            #expect(refused.location == "/staff/orgs/\(world.orgID)")
            let flash = try await web.get("/staff/orgs/\(world.orgID)")
            #expect(flash.contains("Reason"), "\(flash.text)")
            #expect(try await pooledTier(app, account) == "free")

            let changed = try await web.post(
                "/staff/billing-accounts/\(account)/tier",
                ["tier": "changemaker", "reason": "Pilot agreed", "back": "/staff/orgs/\(world.orgID)"])
            #expect(changed.status == .seeOther)
            #expect(changed.location == "/staff/orgs/\(world.orgID)")
            #expect(try await pooledTier(app, account) == "changemaker")
            let audit = try await web.get("/staff/audit")
            #expect(audit.contains("Pilot agreed"))
            #expect(audit.contains("partner flag changed"))
        }
    }

    func pooledTier(_ app: Application, _ account: String) async throws -> String {
        try await BillingAccountRow.find(UUID(uuidString: account)!, on: app.db)!.tier
    }

    @Test("a partner creates an external-client workspace through the form; a missing agreement box is a 422")
    func createExternalClientThroughForm() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            // Not a partner yet: no question.
            let before = try await web.get("/orgs/\(world.orgID)")
            #expect(before.contains("id=\"create-workspace-form\""))
            #expect(!before.contains("external-client-toggle"))

            _ = try await world.makePartner()
            let page = try await web.get("/orgs/\(world.orgID)")
            #expect(page.contains("id=\"external-client-toggle\""))
            #expect(page.contains("name=\"partnerAgreementAccepted\""))
            #expect(page.contains("name=\"dataOwnerEmail\""))

            let refused = try await web.post(
                "/orgs/\(world.orgID)/workspaces",
                [
                    "name": "Panels", "externalClient": "true", "clientOrgName": "City of Example",
                    "dataOwnerEmail": "dana@client.org",
                ], referer: "/orgs/\(world.orgID)")
            #expect(refused.status == .seeOther)
            #expect(refused.location == "/orgs/\(world.orgID)")
            let flash = try await web.get("/orgs/\(world.orgID)")
            #expect(flash.contains("Partner agreement accepted must be ticked"), "\(flash.text)")

            let id = try await createClientWorkspaceThroughForm(web, world: world, dataOwner: "dana@client.org")
            let settings = try await web.get("/w/\(id)/settings")
            #expect(settings.contains("City of Example"))
            #expect(settings.contains("dana@client.org"))
            #expect(settings.contains("id=\"logo-form\""))

            // A workspace admin who is no org owner/admin still gets the external-client form.
            let admin = WebSession(app)
            try await admin.signIn(world.people[.admin]!.email)
            let adminPage = try await admin.get("/orgs/\(world.orgID)")
            #expect(adminPage.status == .ok)
            #expect(adminPage.contains("id=\"create-workspace-form\""))
            #expect(adminPage.contains("type=\"hidden\" name=\"externalClient\" value=\"true\""))
            #expect(
                !adminPage.contains(
                    "id=\"ws-name\" type=\"text\" name=\"name\" required>\n        </div>\n        <div class=\"field field-check\">"
                ))
            let made = try await admin.post(
                "/orgs/\(world.orgID)/workspaces",
                [
                    "name": "Admin's client", "externalClient": "true", "clientOrgName": "Hospital",
                    "dataOwnerEmail": "head@hospital.example", "partnerAgreementAccepted": "true",
                ], referer: "/orgs/\(world.orgID)")
            #expect(made.location.hasPrefix("/w/"), "\(made.location)")
        }
    }

    @Test("the data owner sees the marker; others don't")
    func dataOwnerMarker() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            _ = try await app.registerUser("Dana@Client.org")
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            _ = try await createClientWorkspaceThroughForm(web, world: world, dataOwner: "dana@client.org")
            let ownerList = try await web.get("/workspaces")
            #expect(ownerList.contains("Municipality panels"))
            #expect(!ownerList.contains("data-owner-marker"))

            let dana = WebSession(app)
            try await dana.signIn("Dana@Client.org")
            let list = try await dana.get("/workspaces")
            #expect(list.contains("Municipality panels"))
            #expect(list.contains("class=\"badge data-owner-marker\""))
            #expect(list.contains("You are the data owner"))
        }
    }

    @Test("a logo uploaded through the page shows on the portal only at changemaker and above")
    func logoAndPortal() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            let id = try await createClientWorkspaceThroughForm(web, world: world, dataOwner: "dana@client.org")

            // Free tier: the upload is refused with the upgrade message; the form says so too.
            let settings = try await web.get("/w/\(id)/settings")
            #expect(settings.contains("needs Changemaker"))
            let refused = try await web.upload(
                "/w/\(id)/logo", field: "logo", bytes: tinyPNG, filename: "logo.png", contentType: "image/png")
            #expect(refused.status == .forbidden || refused.status == .seeOther, "\(refused.status)")

            try await world.setTier(.changemaker)
            let forged = try await web.upload(
                "/w/\(id)/logo", field: "logo", bytes: tinyPNG, filename: "logo.png", contentType: "image/png",
                csrfField: "not-the-token")
            #expect(forged.status == .forbidden)
            let uploaded = try await web.upload(
                "/w/\(id)/logo", field: "logo", bytes: tinyPNG, filename: "logo.png", contentType: "image/png")
            #expect(uploaded.status == .seeOther, "\(uploaded.text)")
            #expect(uploaded.location == "/w/\(id)/settings")
            let preview = try await web.get("/w/\(id)/logo")
            #expect(preview.status == .ok)
            #expect(preview.headers.contentType?.description == "image/png")
            let header = try await web.get("/w/\(id)")
            #expect(header.contains("src=\"/w/\(id)/logo/shown\""))
            #expect(try await web.get("/w/\(id)/logo/shown").status == .ok)

            let project = try await world.createProject(in: id, name: "Citizen panel")
            let visitor = WebSession(app)
            let portal = try await visitor.get("/p/\(project)")
            #expect(portal.status == .ok)
            #expect(portal.contains("id=\"portal-form\""))
            #expect(portal.contains("src=\"/p/\(project)/logo\""))
            #expect(try await visitor.get("/p/\(project)/logo").status == .ok)

            try await world.setTier(.free)
            let plain = try await visitor.get("/p/\(project)")
            #expect(!plain.contains("/p/\(project)/logo"))
            #expect(plain.contains("Acme Research"))
            #expect(try await visitor.get("/p/\(project)/logo").status == .notFound)
            let stored = try await web.get("/w/\(id)/settings")
            #expect(stored.contains("Hidden below Changemaker"))
            #expect(!(try await web.get("/w/\(id)")).contains("/logo/shown"))
        }
    }

    @Test("a portal contribution lands as a conversation; an unknown project is a 404")
    func portalContribution() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID, name: "Park survey")
            let visitor = WebSession(app)
            let page = try await visitor.get("/p/\(project)")
            #expect(page.contains("Park survey"))
            let sent = try await visitor.post(
                "/p/\(project)", ["participantName": "", "text": "More benches by the pond, please."],
                referer: "/p/\(project)")
            #expect(sent.status == .seeOther)
            #expect(sent.location == "/p/\(project)?thanks=1")
            let thanks = try await visitor.get(sent.location)
            #expect(thanks.contains("Thank you!"))
            #expect(!thanks.contains("id=\"portal-form\""))

            let list = try await app.send(.GET, "/api/v1/projects/\(project)/conversations", token: world.owner.token)
            #expect(list.text.contains("More benches by the pond"), "\(list.text)")
            let unknown = try await visitor.get("/p/\(UUID().uuidString.lowercased())")
            #expect(unknown.status == .notFound)

            let owner = WebSession(app)
            try await owner.signIn(world.owner.email)
            let projectPage = try await owner.get("/projects/\(project)")
            #expect(projectPage.contains("/p/\(project)"))
        }
    }

    @Test("the move form lists workspaces where the mover may move projects, and moves")
    func moveProjectForm() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID, name: "Movable")
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            let page = try await web.get("/projects/\(project)")
            #expect(page.contains("id=\"move-project-form\""))
            #expect(page.contains("value=\"\(world.clientID)\""))
            let moved = try await web.post(
                "/projects/\(project)/move", ["targetWorkspaceId": world.clientID], referer: "/projects/\(project)")
            #expect(moved.status == .seeOther)
            let api = try await app.send(.GET, "/api/v1/projects/\(project)", token: world.owner.token)
            #expect(api.string("workspaceId") == world.clientID, "\(api.text)")

            let member = WebSession(app)
            try await member.signIn(world.people[.member]!.email)
            let memberPage = try await member.get("/projects/\(project)")
            #expect(!memberPage.contains("move-project-form"))
        }
    }

    @Test("staff create, edit and delete a referral deal; the partner's owner reads it on the org page")
    func referralDeals() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            let owner = WebSession(app)
            try await owner.signIn(world.owner.email)
            let client = try await createClientWorkspaceThroughForm(owner, world: world, dataOwner: "dana@client.org")
            let staff = WebSession(app)
            try await staff.signIn("staff@example.com")
            let page = try await staff.get("/staff/referral-deals")
            #expect(page.contains("value=\"\(client)\""))
            let created = try await staff.post(
                "/staff/referral-deals",
                [
                    "partnerOrgId": world.orgID, "clientWorkspaceId": client, "kickbackPercent": "10",
                    "discountPercent": "5", "kickbackCapEur": "500", "startsAt": "2024-01-01", "expiresAt": "",
                    "notes": "Intro via conference",
                ], referer: "/staff/referral-deals")
            #expect(created.status == .seeOther)
            #expect(created.location == "/staff/referral-deals")
            let list = try await staff.get("/staff/referral-deals")
            #expect(list.contains("Kickback 10%"), "\(list.text)")
            let dealID = try await ReferralDealRow.query(on: app.db).first()!.id!.uuidString.lowercased()
            let edited = try await staff.post(
                "/staff/referral-deals/\(dealID)",
                [
                    "partnerOrgId": world.orgID, "clientWorkspaceId": client, "kickbackPercent": "12.5",
                    "discountPercent": "5", "startsAt": "2024-01-01",
                ], referer: "/staff/referral-deals/\(dealID)")
            #expect(edited.status == .seeOther)
            let orgPage = try await owner.get("/orgs/\(world.orgID)")
            #expect(orgPage.contains("Referral deals"))
            #expect(orgPage.contains("Kickback 12.50%"), "\(orgPage.text)")
            let memberPage = WebSession(app)
            try await memberPage.signIn(world.people[.member]!.email)
            #expect(!(try await memberPage.get("/orgs/\(world.orgID)")).contains("Referral deals"))
            let deleted = try await staff.post("/staff/referral-deals/\(dealID)/delete", [:])
            #expect(deleted.status == .seeOther)
            #expect(try await ReferralDealRow.query(on: app.db).count() == 0)
        }
    }
}
