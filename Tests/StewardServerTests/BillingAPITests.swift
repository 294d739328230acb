import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

@Suite("Billing over HTTP")
struct BillingAPITests {
    static func month(_ clock: TestClock) -> String { BillingMonth(containing: clock.now()).description }

    @Test("who sees what: owners/admins/billing read statements, members see usage only, outsiders neither")
    func access() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let path = "/api/v1/workspaces/\(world.internalID)/statement"
            for role in [WorkspaceRole.owner, .admin, .billing] {
                #expect(try await app.send(.GET, path, token: world.people[role]!.token).status == .ok, "\(role)")
            }
            for role in [WorkspaceRole.member, .external] {
                #expect(
                    try await app.send(.GET, path, token: world.people[role]!.token).status == .forbidden, "\(role)")
            }
            #expect(
                try await app.send(
                    .GET, "/api/v1/workspaces/\(world.internalID)/usage", token: world.people[.member]!.token
                ).status == .ok)
            #expect(
                try await app.send(
                    .GET, "/api/v1/workspaces/\(world.internalID)/usage", token: world.people[.external]!.token
                ).status == .forbidden)
            let accountID = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)", token: world.owner.token).string(
                "billingAccountId")
            let orgBilling = world.orgPeople[.billing]!
            let viaOrg = try await app.send(
                .GET, "/api/v1/billing-accounts/\(accountID)/statement", token: orgBilling.token)
            #expect(viaOrg.status == .ok, "org billing reads statements across the org: \(viaOrg.text)")
            let memberAccount = try await app.send(
                .GET, "/api/v1/billing-accounts/\(accountID)", token: world.people[.member]!.token)
            #expect(memberAccount.status == .ok, "members see usage of the account")
            let memberStatement = try await app.send(
                .GET, "/api/v1/billing-accounts/\(accountID)/statement", token: world.people[.member]!.token)
            #expect(memberStatement.status == .forbidden)
            let outsider = try await app.send(
                .GET, "/api/v1/billing-accounts/\(accountID)", token: world.outsider.token)
            #expect(outsider.status == .notFound)
            let badMonth = try await app.send(.GET, path + "?month=2026-13", token: world.owner.token)
            #expect(badMonth.status == .unprocessableEntity)
        }
    }

    @Test("the statement bills held seats at the tier and period; monthly is 15% more; pending invites are not billed")
    func arithmetic() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["pending@example.com"], "role": "member"])
            let statement = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/statement", token: world.owner.token)
            // owner, admin, member, billing, external: 5 seats × €20.00.
            #expect(statement["totalCents"] as? Int == 10_000, "\(statement.text)")
            let lines = statement.json["lines"] as? [[String: Any]] ?? []
            #expect(lines.map { $0["kind"] as? String ?? "" } == ["owner", "admin", "billing", "member", "external"])
            let accountID = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)", token: world.owner.token).string(
                "billingAccountId")
            let refused = try await app.send(
                .PATCH, "/api/v1/billing-accounts/\(accountID)", token: world.people[.member]!.token,
                json: ["period": "monthly"])
            #expect(refused.status == .forbidden)
            let switched = try await app.send(
                .PATCH, "/api/v1/billing-accounts/\(accountID)", token: world.orgPeople[.billing]!.token,
                json: ["period": "monthly"])
            #expect(switched.string("period") == "monthly")
            #expect(switched["seatPriceCents"] as? Int == 2_300)
            #expect(switched["pendingSeats"] as? Int == 1)
            let monthly = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/statement", token: world.owner.token)
            #expect(monthly["totalCents"] as? Int == 11_500)
            let audit = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/audit", token: world.owner.token)
            #expect(audit.items.contains { $0["action"] as? String == "billing.period_changed" })
        }
    }

    @Test("seat-months: someone who leaves still counts for the months they held a seat, not after")
    func metering() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_767_225_600 + 10 * 86_400))  // 11 January 2026
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            try await world.setTier(.innovator)
            let january = Self.month(clock)
            let external = world.people[.external]!
            clock.advance(by: 25 * 86_400)  // into February
            let removed = try await app.send(
                .DELETE, "/api/v1/workspaces/\(world.internalID)/members/\(external.id)", token: world.owner.token)
            #expect(removed.status == .noContent)
            let february = Self.month(clock)
            clock.advance(by: 31 * 86_400)  // into March
            let march = Self.month(clock)
            // Two months on, the owner signs in again (sessions last 30 days).
            let owner = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": world.owner.email, "password": "correct horse battery"]
            ).string("token")
            func total(_ month: String) async throws -> Int {
                try await app.send(
                    .GET, "/api/v1/workspaces/\(world.internalID)/statement?month=\(month)", token: owner
                )["totalCents"] as? Int ?? -1
            }
            let januaryStatement = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/statement?month=\(january)", token: owner)
            #expect(try await total(january) == 10_000, "\(januaryStatement.text)")
            #expect(try await total(february) == 10_000, "left during February: still billed for it")
            #expect(try await total(march) == 8_000)
        }
    }

    @Test("pooled and workspace-scoped accounts stay apart; an active referral deal discounts the client's statement")
    func accountsApartAndDiscount() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            try await world.setTier(.changemaker)
            let created = try await world.createClientWorkspace()
            let clientID = created.string("id")
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(clientID)/invites", token: world.owner.token,
                json: ["emails": ["consultant@elsewhere.org"], "role": "external"])
            let (consultant, _) = try await app.registerUser("consultant@elsewhere.org")
            let token = try await app.invitationToken(to: "consultant@elsewhere.org")
            _ = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: consultant)
            let client = try await app.send(.GET, "/api/v1/workspaces/\(clientID)/statement", token: world.owner.token)
            // The owner and the consultant; the data owner's pending observer invite is free.
            #expect((client.json["lines"] as? [[String: Any]])?.reduce(0) { $0 + ($1["seats"] as? Int ?? 0) } == 2)
            #expect(client["totalCents"] as? Int == 15_000)
            let pooled = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/statement", token: world.owner.token)
            #expect(
                pooled["totalCents"] as? Int == 5 * 7_500, "the consultant is not on the partner's pooled statement")
            _ = try await app.send(
                .POST, "/api/v1/staff/referral-deals", token: staff.token,
                json: [
                    "partnerOrgId": world.orgID, "clientWorkspaceId": clientID, "kickbackPercent": 10,
                    "discountPercent": 20,
                    "startsAt": "2020-01-01T00:00:00Z",
                ])
            let discounted = try await app.send(
                .GET, "/api/v1/workspaces/\(clientID)/statement", token: world.owner.token)
            #expect(discounted["discountPercent"] as? Double == 20)
            #expect(discounted["discountCents"] as? Int == 3_000)
            #expect(discounted["totalCents"] as? Int == 12_000)
            let pooledAgain = try await app.send(
                .GET, "/api/v1/workspaces/\(world.internalID)/statement", token: world.owner.token)
            #expect(pooledAgain["discountCents"] as? Int == 0)
            let accounts = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/billing-accounts", token: world.orgPeople[.billing]!.token)
            #expect(Set(accounts.items.compactMap { $0["scope"] as? String }) == ["org", "workspace"])
        }
    }
}

@Suite("Upgrade requests over HTTP")
struct UpgradeRequestTests {
    @Test("a member asks for a higher tier; billing approves it and the tier changes; both sides are told")
    func tierRequest() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let member = world.people[.member]!
            let path = "/api/v1/orgs/\(world.orgID)/upgrade-requests"
            let lower = try await app.send(
                .POST, path, token: member.token, json: ["kind": "tier", "requestedTier": "free"])
            #expect(lower.status == .unprocessableEntity)
            let asked = try await app.send(
                .POST, path, token: member.token,
                json: ["kind": "tier", "requestedTier": "innovator", "message": "We need invite-only workspaces"])
            #expect(asked.status == .created, "\(asked.text)")
            let again = try await app.send(
                .POST, path, token: member.token, json: ["kind": "tier", "requestedTier": "guardian"])
            #expect(again.status == .ok && again.string("id") == asked.string("id"), "one pending request of a kind")
            let orgBilling = world.orgPeople[.billing]!
            #expect(try await app.lastEmail(to: orgBilling.email)?.kind == "upgrade_requested")
            let list = try await app.send(.GET, path, token: orgBilling.token)
            #expect(list.items.count == 1)
            let memberDecides = try await app.send(
                .POST, "/api/v1/upgrade-requests/\(asked.string("id"))/approve", token: member.token)
            #expect(memberDecides.status == .notFound)
            let approved = try await app.send(
                .POST, "/api/v1/upgrade-requests/\(asked.string("id"))/approve", token: orgBilling.token)
            #expect(approved.string("status") == "approved")
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token).string(
                    "tier") == "innovator")
            #expect(try await app.lastEmail(to: member.email)?.kind == "upgrade_approved")
            // The tier gate switches on with it.
            let tightened = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token,
                json: ["visibility": "inviteOnly"])
            #expect(tightened.status == .ok)
        }
    }

    @Test(
        "a workspace request is created with the requester as owner by an org owner/admin; billing cannot; deny tells")
    func workspaceRequest() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let member = world.people[.member]!
            let path = "/api/v1/orgs/\(world.orgID)/upgrade-requests"
            let asked = try await app.send(
                .POST, path, token: member.token, json: ["kind": "workspace", "workspaceName": "Youth panel"])
            #expect(asked.status == .created)
            let byBilling = try await app.send(
                .POST, "/api/v1/upgrade-requests/\(asked.string("id"))/approve", token: world.orgPeople[.billing]!.token
            )
            #expect(byBilling.status == .forbidden)
            let approved = try await app.send(
                .POST, "/api/v1/upgrade-requests/\(asked.string("id"))/approve", token: world.orgPeople[.admin]!.token)
            #expect(approved.status == .ok, "\(approved.text)")
            let created = approved.string("createdWorkspaceId")
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(created)", token: member.token).string("myRole")
                    == "owner")
            let second = try await app.send(
                .POST, path, token: member.token, json: ["kind": "workspace", "workspaceName": "Another"])
            let denied = try await app.send(
                .POST, "/api/v1/upgrade-requests/\(second.string("id"))/deny", token: world.owner.token)
            #expect(denied.string("status") == "denied")
            #expect(try await app.lastEmail(to: member.email)?.kind == "upgrade_denied")
            let audit = try await app.send(.GET, "/api/v1/orgs/\(world.orgID)/audit", token: world.owner.token)
            let actions = Set(audit.items.compactMap { $0["action"] as? String })
            #expect(
                actions.isSuperset(of: [
                    "billing.upgrade_requested", "billing.upgrade_approved", "billing.upgrade_denied",
                ]))
        }
    }
}
