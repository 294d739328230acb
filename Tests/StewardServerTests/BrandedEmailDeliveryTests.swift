import Foundation
import SMTPKit
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

extension World {
    /// An external-client workspace ("City of Example") on Changemaker, so whitelabel applies, with
    /// `logo` uploaded as the client's logo; answers its id and billing account.
    func whitelabelClient(logo: [UInt8]) async throws -> (id: String, account: String, staff: Person) {
        let staff = try await makePartner()
        let client = try await createClientWorkspace()
        #expect(client.status == .created, "\(client.text)")
        let account = client.string("billingAccountId")
        let tier = try await app.send(
            .PUT, "/api/v1/staff/billing-accounts/\(account)/tier", token: staff.token,
            json: ["tier": "changemaker", "reason": "Signed the Changemaker plan"])
        #expect(tier.status == .ok, "\(tier.text)")
        let put = try await app.sendBytes(
            .PUT, "/api/v1/workspaces/\(client.string("id"))/logo", token: owner.token, bytes: logo,
            contentType: "image/png")
        #expect(put.status == .ok, "\(put.text)")
        return (client.string("id"), account, staff)
    }

    func putOrgLogo(_ logo: [UInt8]) async throws {
        let put = try await app.sendBytes(
            .PUT, "/api/v1/orgs/\(orgID)/logo", token: owner.token, bytes: logo, contentType: "image/png")
        #expect(put.status == .ok, "\(put.text)")
    }

    /// Invites a new address by email and answers the email it queued.
    func inviteByEmail(_ address: String, to workspace: String) async throws -> QueuedEmail {
        let reply = try await app.send(
            .POST, "/api/v1/workspaces/\(workspace)/invites", token: owner.token,
            json: ["emails": [address], "role": "member"])
        #expect(reply.outcome() == "invited", "\(reply.text)")
        return try #require(try await app.lastEmail(to: address))
    }
}

@Suite("Branded emails, queued and delivered")
struct BrandedEmailDeliveryTests {
    static let clientLogo = tinyPNG + [0xC1, 0x1E, 0x47]
    static let orgLogo = tinyPNG + [0x0A, 0xC0, 0x3E]

    /// A worker with a recording transport, with everything the fixture queued already sent.
    static func drainedDelivery(_ app: Application) async throws -> (OutboxDelivery, RecordingTransport) {
        let transport = RecordingTransport()
        let delivery = OutboxDelivery(services: app.services, transport: transport, logger: app.logger, worker: "w")
        while try await delivery.deliverDue() > 0 {}
        return (delivery, transport)
    }

    @Test("a whitelabel client's invite carries the client's name and logo, sent inline with the uploaded bytes")
    func clientBrand() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let client = try await world.whitelabelClient(logo: Self.clientLogo)
            let (delivery, transport) = try await Self.drainedDelivery(app)
            let email = try await world.inviteByEmail("new.person@example.com", to: client.id)
            #expect(email.brand == EmailBrand(name: "City of Example", logo: .workspace(UUID(uuidString: client.id)!)))
            #expect(email.text.hasPrefix("City of Example\n\n"))
            #expect(email.text.contains("— City of Example, via Steward"))
            #expect(email.html.contains("<img src=\"cid:brand-logo@steward\" alt=\"City of Example\""))
            #expect(email.html.contains(">City of Example</p>"))
            #expect(try await delivery.deliverDue() == 1)
            let images = try #require(transport.inlineImages[email.id])
            #expect(images.count == 1)
            #expect(images.first?.contentID == EmailBrand.logoContentID)
            #expect(images.first?.contentType == "image/png")
            #expect(images.first?.filename == "logo.png")
            #expect(images.first?.data == Self.clientLogo, "the bytes that were uploaded")
            #expect(try await app.lastEmail(to: "new.person@example.com")?.status == "sent")
        }
    }

    @Test("an internal workspace's emails carry the organisation's logo; with no logo there is no brand and no image")
    func organisationBrandAndNone() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let (delivery, transport) = try await Self.drainedDelivery(app)
            let plain = try await world.inviteByEmail("plain@example.com", to: world.internalID)
            #expect(plain.brand == nil)
            #expect(!plain.html.contains("<img") && !plain.text.contains("via Steward"))
            #expect(plain.text.hasSuffix("— Steward\n"))

            try await world.putOrgLogo(Self.orgLogo)
            let branded = try await world.inviteByEmail("branded@example.com", to: world.internalID)
            #expect(
                branded.brand == EmailBrand(name: "Acme Research", logo: .organisation(UUID(uuidString: world.orgID)!)))
            #expect(branded.text.hasPrefix("Acme Research\n\n"))
            #expect(try await delivery.deliverDue() == 2)
            #expect(transport.inlineImages[plain.id] == [])
            #expect(transport.inlineImages[branded.id]?.map(\.data) == [Self.orgLogo])

            // Below whitelabel, a client workspace shows its partner organisation's branding.
            _ = try await world.makePartner()
            let client = try await world.createClientWorkspace()
            let partnerBranded = try await world.inviteByEmail("partner@example.com", to: client.string("id"))
            #expect(partnerBranded.brand?.name == "Acme Research")
            #expect(partnerBranded.brand?.logo == .organisation(UUID(uuidString: world.orgID)!))
        }
    }

    @Test("a logo removed or no longer shown before sending: the email goes without the image, the name still in it")
    func logoGoneBeforeSending() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let client = try await world.whitelabelClient(logo: Self.clientLogo)
            try await world.putOrgLogo(Self.orgLogo)
            let (delivery, transport) = try await Self.drainedDelivery(app)
            let inside = try await world.inviteByEmail("newcomer-inside@example.com", to: world.internalID)
            let external = try await world.inviteByEmail("newcomer-outside@example.com", to: client.id)
            #expect(inside.brand?.logo != nil && external.brand?.logo != nil)

            let removed = try await app.send(.DELETE, "/api/v1/orgs/\(world.orgID)/logo", token: world.owner.token)
            #expect(removed.status == .noContent)
            let downgraded = try await app.send(
                .PUT, "/api/v1/staff/billing-accounts/\(client.account)/tier", token: client.staff.token,
                json: ["tier": "innovator", "reason": "Downgraded"])
            #expect(downgraded.status == .ok, "\(downgraded.text)")

            #expect(try await delivery.deliverDue() == 2)
            #expect(transport.inlineImages[inside.id] == [])
            #expect(transport.inlineImages[external.id] == [], "the client's logo no longer shows below Changemaker")
            let sent = transport.delivered.first { $0.id == external.id }
            #expect(sent?.html.contains("alt=\"City of Example\"") == true, "the alt text names the client")
            #expect(sent?.text.hasPrefix("City of Example\n\n") == true)
            #expect(try await app.lastEmail(to: "external@example.com")?.status == "sent")
        }
    }

    @Test("a bulk invite decides the branding once, without reading a logo's bytes")
    func brandingReadOncePerRequest() async throws {
        let statements = StatementLog()
        try await withSteward(statements: statements) { app in
            let world = try await World.make(app)
            try await world.putOrgLogo(Self.orgLogo)
            statements.reset()
            let addresses = (1...5).map { "bulk\($0)@example.com" }
            let reply = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": addresses, "role": "member"])
            #expect(reply.results.count == 5 && (0..<5).allSatisfy { reply.outcome($0) == "invited" }, "\(reply.text)")
            let logoStatements = statements.all.filter { $0.contains("_logos") }
            #expect(logoStatements.count == 1, "\(logoStatements.joined(separator: "\n"))")
            #expect(logoStatements.allSatisfy { !$0.contains("data") }, "existence only, never the image")
            let queued = try await app.services.outbox.recent(limit: 500).filter { addresses.contains($0.to) }
            #expect(queued.count == 5)
            #expect(queued.allSatisfy { $0.brand?.logo == .organisation(UUID(uuidString: world.orgID)!) })
        }
    }

    @Test("the development mailbox shows a branded email's logo from its own route, and only while it is on")
    func devMailboxShowsTheLogo() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            app.stewardConfig.devMailboxEnabled = true
            try await world.putOrgLogo(Self.orgLogo)
            let email = try await world.inviteByEmail("mailbox@example.com", to: world.internalID)
            let id = email.id.uuidString.lowercased()
            let html = try await app.send(.GET, "/dev/mailbox/\(id)/html")
            #expect(html.status == .ok)
            #expect(html.text.contains("<img src=\"/dev/mailbox/\(id)/brand-logo\" alt=\"Acme Research\""))
            #expect(!html.text.contains("cid:"))
            #expect(
                html.headers.first(name: "Content-Security-Policy")
                    == "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'")
            let logo = try await app.send(.GET, "/dev/mailbox/\(id)/brand-logo")
            #expect(logo.status == .ok)
            #expect(logo.headers.first(name: .contentType) == "image/png")
            #expect(logo.text == String(decoding: Self.orgLogo, as: UTF8.self))
            #expect(email.html.contains("src=\"cid:brand-logo@steward\""), "the stored email is left as it is sent")

            let plain = try await app.send(.GET, "/dev/mailbox/\(UUID().uuidString.lowercased())/brand-logo")
            #expect(plain.status == .notFound)
            app.stewardConfig.devMailboxEnabled = false
            #expect(try await app.send(.GET, "/dev/mailbox/\(id)/brand-logo").status == .notFound)
        }
    }
}
