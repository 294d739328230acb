import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

extension World {
    /// A staff account (made as the CLI makes it) and its token.
    func staff() async throws -> Person {
        _ = try await app.services.accounts.createUser(
            email: EmailAddress("staff@example.com")!, name: "Sam Staff", password: "correct horse battery",
            isStaff: true)
        let login = try await app.send(
            .POST, "/api/v1/auth/login", json: ["email": "staff@example.com", "password": "correct horse battery"])
        return Person(email: "staff@example.com", token: login.string("token"), id: "")
    }

    /// Marks the fixture organisation a partner through the staff API.
    func makePartner() async throws -> Person {
        let staff = try await staff()
        let reply = try await app.send(
            .PUT, "/api/v1/staff/orgs/\(orgID)/partner", token: staff.token, json: ["isPartner": true])
        #expect(reply.status == .ok, "\(reply.text)")
        return staff
    }

    func createClientWorkspace(as person: Person? = nil, dataOwner: String = "Dana@Client.org") async throws -> Reply {
        try await app.send(
            .POST, "/api/v1/orgs/\(orgID)/workspaces", token: (person ?? owner).token,
            json: [
                "name": "Municipality panels",
                "externalClient": [
                    "clientOrgName": "City of Example", "dataOwnerEmail": dataOwner, "partnerAgreementAccepted": true,
                ],
            ])
    }
}

/// A 1×1 PNG.
let tinyPNG: [UInt8] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
]

extension Application {
    func sendBytes(_ method: HTTPMethod, _ path: String, token: String, bytes: [UInt8], contentType: String)
        async throws
        -> Reply
    {
        var headers = HTTPHeaders()
        headers.bearerAuthorization = BearerAuthorization(token: token)
        headers.replaceOrAdd(name: .contentType, value: contentType)
        var reply: Reply?
        try await testing().test(method, path, headers: headers, body: ByteBuffer(bytes: bytes)) { res in
            reply = Reply(status: res.status, headers: res.headers, text: res.body.string)
        }
        return reply!
    }
}

@Suite("Partner program over HTTP")
struct PartnerAPITests {
    @Test("staff set the partner flag (recorded who and when); everyone else gets 404 in the staff API")
    func partnerFlag() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let refused = try await app.send(
                .PUT, "/api/v1/staff/orgs/\(world.orgID)/partner", token: world.owner.token, json: ["isPartner": true])
            #expect(refused.status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/staff/orgs", token: world.owner.token).status == .notFound)
            let staff = try await world.staff()
            let set = try await app.send(
                .PUT, "/api/v1/staff/orgs/\(world.orgID)/partner", token: staff.token, json: ["isPartner": true])
            #expect(set["isPartner"] as? Bool == true)
            #expect((set["partnerSetBy"] as? [String: Any])?["email"] as? String == "staff@example.com")
            #expect(set["partnerSetAt"] as? String != nil)
            let found = try await app.send(.GET, "/api/v1/staff/orgs?query=acme", token: staff.token)
            #expect(found.items.count == 1)
            // Staff status grants no content.
            let content = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/projects", token: staff.token)
            #expect(content.status == .notFound)
            let audit = try await app.send(.GET, "/api/v1/staff/audit?orgId=\(world.orgID)", token: staff.token)
            #expect(audit.items.contains { $0["action"] as? String == "org.partner_flag_changed" })
        }
    }

    @Test("only partner organisations create external-client workspaces, with all three fields validated")
    func createValidation() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let notPartner = try await world.createClientWorkspace()
            #expect(notPartner.status == .forbidden)
            #expect(notPartner.code == "partner_required")
            _ = try await world.makePartner()
            let missing = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token,
                json: [
                    "name": "X",
                    "externalClient": [
                        "clientOrgName": "", "dataOwnerEmail": "member@example.com", "partnerAgreementAccepted": false,
                    ],
                ])
            #expect(missing.status == .unprocessableEntity)
            let fields = Set((missing.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(
                fields
                    == [
                        "externalClient.clientOrgName", "externalClient.dataOwnerEmail",
                        "externalClient.partnerAgreementAccepted",
                    ],
                "\(missing.text)")
            #expect(missing.code == "validation_failed", "mixed with plain validation: the general code")
            // Only the rule fails: its own code, so a client can tell it from a malformed request.
            let insider = try await world.createClientWorkspace(dataOwner: "member@example.com")
            #expect(insider.status == .unprocessableEntity && insider.code == "data_owner_in_partner_org")
            #expect(insider.fieldErrors == ["externalClient.dataOwnerEmail"])
            let byMember = try await world.createClientWorkspace(as: world.people[.member]!)
            #expect(byMember.status == .forbidden)
            // A workspace admin who is a plain org member may create one in a partner org.
            let byWorkspaceAdmin = try await world.createClientWorkspace(as: world.people[.admin]!)
            #expect(byWorkspaceAdmin.status == .created, "\(byWorkspaceAdmin.text)")
        }
    }

    @Test(
        "creation: own billing account on the partner's tier, agreement recorded, data owner invited as free observer")
    func createAndDataOwner() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            try await world.setTier(.changemaker)
            let created = try await world.createClientWorkspace()
            #expect(created.status == .created, "\(created.text)")
            let id = created.string("id")
            #expect(created.string("kind") == "externalClient")
            #expect(created.string("tier") == "changemaker")
            let pooled = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)", token: world.owner.token)
            #expect(created.string("billingAccountId") != pooled.string("billingAccountId"), "never the org pool")
            let owner = created.json["dataOwner"] as? [String: Any]
            #expect(owner?["email"] as? String == "dana@client.org")
            #expect(owner?["clientOrgName"] as? String == "City of Example")
            #expect(owner?["agreementAcceptedBy"] as? String == world.owner.id)
            let email = try #require(try await app.lastEmail(to: "dana@client.org"))
            #expect(email.kind == "data_owner_invite")
            #expect(email.subject.contains("data owner"))
            let seats = try await app.send(.GET, "/api/v1/workspaces/\(id)/seats", token: world.owner.token)
            #expect(seats["pendingSeats"] as? Int == 0, "observer invites are free")
            #expect(seats["seatsUsed"] as? Int == 1)
            // The data owner registers through the email and sees the marker; nobody else does.
            let token = try await app.invitationToken(to: "dana@client.org")
            let (dana, _) = try await app.registerUser("DANA@client.org")
            let accepted = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: dana)
            #expect(accepted.string("role") == "observer")
            let mine = try await app.send(.GET, "/api/v1/workspaces", token: dana)
            #expect(mine.items.first { $0["id"] as? String == id }?["isDataOwner"] as? Bool == true)
            let ownerList = try await app.send(.GET, "/api/v1/workspaces", token: world.owner.token)
            #expect(ownerList.items.first { $0["id"] as? String == id }?["isDataOwner"] as? Bool == false)
            // The email is for owners/admins only.
            let asObserver = try await app.send(.GET, "/api/v1/workspaces/\(id)", token: dana)
            #expect(asObserver.json["dataOwner"] == nil)
            // Observer is read-only; the upgrade to external is one step and takes a seat.
            let project = try await world.createProject(in: id)
            #expect(try await app.send(.GET, "/api/v1/projects/\(project)", token: dana).status == .ok)
            #expect(try await app.send(.POST, "/api/v1/projects/\(project)/reports", token: dana).status == .forbidden)
            let danaID = try await app.send(.GET, "/api/v1/me", token: dana).string("id")
            let upgrade = try await app.send(
                .PATCH, "/api/v1/workspaces/\(id)/members/\(danaID)", token: world.owner.token,
                json: ["role": "external"])
            #expect(upgrade.status == .ok)
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(id)/seats", token: world.owner.token)["seatsUsed"]
                    as? Int == 2)
            #expect(try await app.send(.POST, "/api/v1/projects/\(project)/reports", token: dana).status == .created)
        }
    }

    @Test("the data-owner fields are edited by owners/admins, audited, and a new address gets its own invite")
    func editDataOwner() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            let id = try await world.createClientWorkspace().string("id")
            let refused = try await app.send(
                .PATCH, "/api/v1/workspaces/\(id)/data-owner", token: world.people[.member]!.token,
                json: ["dataOwnerEmail": "x@client.org"])
            #expect(refused.status == .notFound || refused.status == .forbidden)
            let edited = try await app.send(
                .PATCH, "/api/v1/workspaces/\(id)/data-owner", token: world.owner.token,
                json: ["dataOwnerEmail": "New.Owner@client.org", "clientOrgName": "City of Example (Dept.)"])
            #expect(edited.status == .ok, "\(edited.text)")
            #expect((edited.json["dataOwner"] as? [String: Any])?["email"] as? String == "new.owner@client.org")
            #expect(try await app.lastEmail(to: "new.owner@client.org")?.kind == "data_owner_invite")
            let audit = try await app.send(.GET, "/api/v1/workspaces/\(id)/audit", token: world.owner.token)
            #expect(audit.items.contains { $0["action"] as? String == "workspace.data_owner_changed" })
            let internalRefused = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)/data-owner", token: world.owner.token,
                json: ["clientOrgName": "X"])
            #expect(internalRefused.code == "not_external_client")
        }
    }

    @Test("whitelabel: changemaker+ external-client only, verified by content, hidden after a downgrade")
    func logo() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            let id = try await world.createClientWorkspace().string("id")
            let path = "/api/v1/workspaces/\(id)/logo"
            let lowTier = try await app.sendBytes(
                .PUT, path, token: world.owner.token, bytes: tinyPNG, contentType: "image/png")
            #expect(lowTier.code == "tier_required")
            #expect(lowTier.json["requiredTier"] as? String == "changemaker")
            let accountID = try await app.send(.GET, "/api/v1/workspaces/\(id)", token: world.owner.token).string(
                "billingAccountId")
            let tier = try await app.send(
                .PUT, "/api/v1/staff/billing-accounts/\(accountID)/tier", token: staff.token,
                json: ["tier": "changemaker", "reason": "Signed the Changemaker plan"])
            #expect(tier.status == .ok, "\(tier.text)")
            let noReason = try await app.send(
                .PUT, "/api/v1/staff/billing-accounts/\(accountID)/tier", token: staff.token, json: ["tier": "guardian"]
            )
            #expect(noReason.status == .unprocessableEntity)
            let svg = Array("<svg xmlns='http://www.w3.org/2000/svg'></svg>".utf8)
            let refusedSVG = try await app.sendBytes(
                .PUT, path, token: world.owner.token, bytes: svg, contentType: "image/png")
            #expect(refusedSVG.code == "logo_unsupported_format")
            let huge = try await app.sendBytes(
                .PUT, path, token: world.owner.token, bytes: tinyPNG + [UInt8](repeating: 0, count: 1_048_576),
                contentType: "image/png")
            #expect(huge.code == "logo_too_large")
            let byMember = try await app.sendBytes(
                .PUT, path, token: world.people[.member]!.token, bytes: tinyPNG, contentType: "image/png")
            #expect(byMember.status == .forbidden || byMember.status == .notFound)
            let ok = try await app.sendBytes(
                .PUT, path, token: world.owner.token, bytes: tinyPNG, contentType: "image/png")
            #expect(ok.status == .ok, "\(ok.text)")
            #expect(ok.headers.first(name: .contentType) == "image/png")
            #expect(try await app.send(.GET, path, token: world.owner.token).status == .ok)
            let project = try await world.createProject(in: id)
            let portal = try await app.send(.GET, "/p/\(project)")
            #expect(portal.status == .ok || portal.status == .notFound)  // the page arrives with the web layer
            // Downgrade: the logo stops showing but is kept; it returns on upgrade.
            _ = try await app.send(
                .PUT, "/api/v1/staff/billing-accounts/\(accountID)/tier", token: staff.token,
                json: ["tier": "innovator", "reason": "Downgraded"])
            #expect(try await app.send(.GET, path, token: world.owner.token).status == .notFound)
            _ = try await app.send(
                .PUT, "/api/v1/staff/billing-accounts/\(accountID)/tier", token: staff.token,
                json: ["tier": "guardian", "reason": "Upgraded"])
            #expect(try await app.send(.GET, path, token: world.owner.token).status == .ok)
            let internalLogo = try await app.sendBytes(
                .PUT, "/api/v1/workspaces/\(world.internalID)/logo", token: world.owner.token, bytes: tinyPNG,
                contentType: "image/png")
            #expect(internalLogo.code == "whitelabel_external_client_only")
        }
    }

    @Test("moving a project needs owner/admin of both workspaces and is audited in both")
    func moveProject() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID, name: "Movable")
            _ = try await world.recordConversation(in: project)
            let byMember = try await app.send(
                .POST, "/api/v1/projects/\(project)/move", token: world.people[.member]!.token,
                json: ["targetWorkspaceId": world.clientID])
            #expect(byMember.status == .forbidden)
            let moved = try await app.send(
                .POST, "/api/v1/projects/\(project)/move", token: world.owner.token,
                json: ["targetWorkspaceId": world.clientID])
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(moved.string("workspaceId") == world.clientID)
            let conversations = try await app.send(
                .GET, "/api/v1/projects/\(project)/conversations", token: world.owner.token)
            #expect(conversations.items.count == 1, "the work moves with the project")
            let inAudit = try await app.send(
                .GET, "/api/v1/workspaces/\(world.clientID)/audit", token: world.owner.token)
            #expect(inAudit.items.contains { $0["action"] as? String == "project.moved_in" })
            let nowhere = try await app.send(
                .POST, "/api/v1/projects/\(project)/move", token: world.owner.token,
                json: ["targetWorkspaceId": UUID().uuidString])
            #expect(nowhere.status == .unprocessableEntity)
        }
    }

    @Test("participants contribute through the public portal; the contribution is a conversation")
    func portal() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID)
            let sent = try await app.send(
                .POST, "/api/v1/portal/\(project)/contributions",
                json: ["participantName": "Pia", "text": "More benches"])
            #expect(sent.status == .created, "\(sent.text)")
            let list = try await app.send(.GET, "/api/v1/projects/\(project)/conversations", token: world.owner.token)
            #expect(list.items.first?["text"] as? String == "More benches")
            let empty = try await app.send(.POST, "/api/v1/portal/\(project)/contributions", json: ["text": ""])
            #expect(empty.status == .unprocessableEntity)
            let unknown = try await app.send(
                .POST, "/api/v1/portal/\(UUID().uuidString)/contributions", json: ["text": "x"])
            #expect(unknown.status == .notFound)
        }
    }

    @Test("referral deals: staff create, validate, edit, delete; the partner reads its own")
    func referralDeals() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            let clientID = try await world.createClientWorkspace().string("id")
            let bad = try await app.send(
                .POST, "/api/v1/staff/referral-deals", token: staff.token,
                json: [
                    "partnerOrgId": world.orgID, "clientWorkspaceId": world.internalID, "kickbackPercent": 120,
                    "discountPercent": -1, "kickbackCapEur": -5, "startsAt": "2026-12-01T00:00:00Z",
                    "expiresAt": "2026-11-01T00:00:00Z",
                ])
            #expect(bad.status == .unprocessableEntity)
            let fields = Set((bad.json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String })
            #expect(
                fields == ["clientWorkspaceId", "kickbackPercent", "discountPercent", "kickbackCapEur", "expiresAt"],
                "\(bad.text)")
            let created = try await app.send(
                .POST, "/api/v1/staff/referral-deals", token: staff.token,
                json: [
                    "partnerOrgId": world.orgID, "clientWorkspaceId": clientID, "kickbackPercent": 10,
                    "discountPercent": 15,
                    "kickbackCapEur": 500, "startsAt": "2026-01-01T00:00:00Z", "notes": "First client",
                ])
            #expect(created.status == .created, "\(created.text)")
            let dealID = created.string("id")
            let edited = try await app.send(
                .PATCH, "/api/v1/staff/referral-deals/\(dealID)", token: staff.token, json: ["discountPercent": 20])
            #expect(edited["discountPercent"] as? Double == 20)
            let partnerView = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/referral-deals", token: world.orgPeople[.billing]!.token)
            #expect(partnerView.items.count == 1)
            let memberView = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/referral-deals", token: world.people[.member]!.token)
            #expect(memberView.status == .forbidden)
            let ownerCannotEdit = try await app.send(
                .DELETE, "/api/v1/staff/referral-deals/\(dealID)", token: world.owner.token)
            #expect(ownerCannotEdit.status == .notFound)
            #expect(
                try await app.send(.DELETE, "/api/v1/staff/referral-deals/\(dealID)", token: staff.token).status
                    == .noContent)
        }
    }

    @Test(
        "handoff: the client's new organisation owns the workspace, its billing account and projects; partner people leave or stay external"
    )
    func handoff() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            let created = try await world.createClientWorkspace()
            let id = created.string("id")
            let accountID = created.string("billingAccountId")
            let project = try await world.createProject(in: id)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(id)/invites", token: world.owner.token,
                json: ["emails": [world.people[.member]!.email], "role": "member"])
            let noAccount = try await app.send(
                .GET,
                "/api/v1/staff/workspaces/\(id)/transfer-preview?newOrgName=City&keepPartnerMembersAsExternal=true",
                token: staff.token)
            #expect(noAccount.code == "data_owner_has_no_account")
            let (dana, _) = try await app.registerUser("dana@client.org")
            let preview = try await app.send(
                .GET,
                "/api/v1/staff/workspaces/\(id)/transfer-preview?newOrgName=City&keepPartnerMembersAsExternal=true",
                token: staff.token)
            #expect(preview.status == .ok, "\(preview.text)")
            #expect((preview["newOwner"] as? [String: Any])?["email"] as? String == "dana@client.org")
            let kept = (preview.json["keptAsExternal"] as? [[String: Any]] ?? []).compactMap { $0["email"] as? String }
            #expect(Set(kept) == [world.owner.email, world.people[.member]!.email])
            let byOwner = try await app.send(
                .POST, "/api/v1/staff/workspaces/\(id)/transfer", token: world.owner.token,
                json: ["newOrgName": "City", "keepPartnerMembersAsExternal": true])
            #expect(byOwner.status == .notFound)
            let done = try await app.send(
                .POST, "/api/v1/staff/workspaces/\(id)/transfer", token: staff.token,
                json: ["newOrgName": "City of Example", "keepPartnerMembersAsExternal": true])
            #expect(done.status == .ok, "\(done.text)")
            let now = try await app.send(.GET, "/api/v1/workspaces/\(id)", token: dana)
            #expect(now.string("myRole") == "owner")
            #expect(now.string("kind") == "internal")
            #expect(now.string("billingAccountId") == accountID, "the billing account goes with it")
            #expect(now.json["dataOwner"] == nil, "the data-owner fields are cleared")
            #expect(now.string("orgId") == done.string("orgId"))
            #expect(try await app.send(.GET, "/api/v1/projects/\(project)", token: dana).status == .ok)
            let partnerView = try await app.send(.GET, "/api/v1/workspaces/\(id)", token: world.owner.token)
            #expect(partnerView.string("myRole") == "external")
            #expect(try await app.lastEmail(to: "dana@client.org")?.kind == "handoff")
            let partnerOrgList = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/workspaces", token: world.owner.token)
            #expect(!partnerOrgList.items.contains { $0["id"] as? String == id })
        }
    }
}

@Suite("Handoff page")
struct HandoffPageTests {
    @Test("staff preview the handoff (who is removed, who stays) and confirm it from the console")
    func previewAndConfirm() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            let id = try await world.createClientWorkspace().string("id")
            _ = try await app.registerUser("dana@client.org")
            let staff = WebSession(app)
            try await staff.signIn("staff@example.com")
            let form = try await staff.get("/staff/workspaces/\(id)/transfer")
            #expect(form.status == .ok)
            #expect(form.contains("id=\"transfer-preview-form\"") && !form.contains("id=\"transfer-form\""))
            let preview = try await staff.get("/staff/workspaces/\(id)/transfer?preview=1&newOrgName=City&keep=false")
            #expect(preview.contains("id=\"transfer-form\""))
            #expect(preview.contains(world.owner.email), "the partner's owner is listed as removed")
            let done = try await staff.post(
                "/staff/workspaces/\(id)/transfer", ["newOrgName": "City", "keep": "false"])
            #expect(done.status == .seeOther)
            #expect(done.location.hasPrefix("/staff/orgs/"))
            #expect(try await app.send(.GET, "/api/v1/workspaces/\(id)", token: world.owner.token).status == .notFound)
            let outsider = WebSession(app)
            try await outsider.signIn(world.owner.email)
            #expect(try await outsider.get("/staff/workspaces/\(id)/transfer").status == .notFound)
        }
    }
}

@Suite("Organisation branding")
struct OrgBrandingTests {
    @Test(
        "internal workspaces inherit the org logo; whitelabel replaces it; the handoff gives the client's logo to the new org"
    )
    func inheritance() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let orgLogo = "/api/v1/orgs/\(world.orgID)/logo"
            let byMember = try await app.sendBytes(
                .PUT, orgLogo, token: world.people[.member]!.token, bytes: tinyPNG, contentType: "image/png")
            #expect(byMember.status == .forbidden)
            let set = try await app.sendBytes(
                .PUT, orgLogo, token: world.owner.token, bytes: tinyPNG, contentType: "image/png")
            #expect(set.status == .ok, "\(set.text)")
            // An internal workspace shows the org logo (no tier needed), on its pages and portal.
            #expect(
                try await app.send(
                    .GET, "/api/v1/workspaces/\(world.internalID)/logo", token: world.people[.member]!.token
                ).status == .ok)
            let project = try await world.createProject(in: world.internalID)
            let portal = try await app.send(.GET, "/p/\(project)")
            #expect(portal.contains("/p/\(project)/logo"))
            // A client workspace below Changemaker shows the partner's branding; at Changemaker its own.
            let staff = try await world.makePartner()
            let client = try await world.createClientWorkspace()
            let clientID = client.string("id")
            let clientLogo = tinyPNG + [0, 1, 2]
            let accountID = client.string("billingAccountId")
            _ = try await app.send(
                .PUT, "/api/v1/staff/billing-accounts/\(accountID)/tier", token: staff.token,
                json: ["tier": "changemaker", "reason": "test"])
            let put = try await app.sendBytes(
                .PUT, "/api/v1/workspaces/\(clientID)/logo", token: world.owner.token, bytes: clientLogo,
                contentType: "image/png")
            #expect(put.status == .ok)
            let shown = try await app.send(.GET, "/api/v1/workspaces/\(clientID)/logo", token: world.owner.token)
            #expect(shown.text == String(decoding: clientLogo, as: UTF8.self), "the client's logo, not the org's")
            // Handoff: a new organisation takes the client's logo.
            let (dana, _) = try await app.registerUser("dana@client.org")
            let done = try await app.send(
                .POST, "/api/v1/staff/workspaces/\(clientID)/transfer", token: staff.token,
                json: ["newOrgName": "City", "keepPartnerMembersAsExternal": false])
            let newOrg = done.string("orgId")
            let inherited = try await app.send(.GET, "/api/v1/orgs/\(newOrg)/logo", token: dana)
            #expect(inherited.status == .ok)
            #expect(inherited.text == String(decoding: clientLogo, as: UTF8.self))
            let audit = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/audit", token: world.owner.token)
            #expect(audit.items.contains { $0["action"] as? String == "org.logo_uploaded" })
            #expect(try await app.send(.DELETE, orgLogo, token: world.owner.token).status == .noContent)
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)/logo", token: world.owner.token).status
                    == .notFound)
        }
    }
}
