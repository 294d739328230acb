import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

/// Issue 10's contract run: a request the OpenAPI document calls valid is either accepted or
/// refused by a named rule (a problem code of its own), never by `validation_failed`; and the
/// document's limits are the server's, counted the same way.
@Suite("Contract rules")
struct ContractRulesTests {
    @Test("well-formed requests a rule refuses carry the rule's code")
    func namedRefusals() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            let owner = world.owner

            let sameAddress = try await app.send(
                .POST, "/api/v1/me/email", token: owner.token,
                json: ["email": owner.email.uppercased(), "currentPassword": "correct horse battery"])
            #expect(
                sameAddress.status == .unprocessableEntity && sameAddress.code == "email_unchanged",
                "\(sameAddress.text)")

            _ = try await app.send(.POST, "/api/v1/me/two-factor", token: owner.token)
            let wrongCode = try await app.send(
                .POST, "/api/v1/me/two-factor/confirm", token: owner.token, json: ["code": "000000"])
            #expect(wrongCode.status == .unprocessableEntity && wrongCode.code == "invalid_otp", "\(wrongCode.text)")

            let upgrades = "/api/v1/orgs/\(world.orgID)/upgrade-requests"
            let notHigher = try await app.send(
                .POST, upgrades, token: owner.token, json: ["kind": "tier", "requestedTier": "free"])
            #expect(notHigher.code == "tier_not_above_current", "\(notHigher.text)")
            let otherOrg = try await app.send(
                .POST, "/api/v1/orgs", token: world.outsider.token, json: ["name": "Other"])
            let foreignAccount = try await app.send(
                .GET, "/api/v1/orgs/\(otherOrg.string("id"))", token: world.outsider.token
            )
            .string("billingAccountId")
            for account in [foreignAccount, UUID().uuidString, "not-an-id"] {
                let foreign = try await app.send(
                    .POST, upgrades, token: owner.token,
                    json: ["kind": "tier", "requestedTier": "guardian", "billingAccountId": account])
                #expect(
                    foreign.status == .unprocessableEntity && foreign.code == "billing_account_unknown",
                    "a foreign, unknown or malformed account id reads alike: \(foreign.text)")
            }

            let project = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/projects", token: owner.token, json: ["name": "Parks"])
            let unknownTarget = try await app.send(
                .POST, "/api/v1/projects/\(project.string("id"))/move", token: owner.token,
                json: ["targetWorkspaceId": UUID().uuidString])
            #expect(
                unknownTarget.status == .unprocessableEntity && unknownTarget.code == "target_workspace_unknown",
                "an id in the body is not the resource the URL names, so no 404: \(unknownTarget.text)")

            func deal(partner: String, kickback: Int = 10, expires: String? = nil) async throws -> Reply {
                var body: [String: Any] = [
                    "partnerOrgId": partner, "clientWorkspaceId": world.clientID, "kickbackPercent": kickback,
                    "discountPercent": 5, "startsAt": "2026-03-01T00:00:00Z",
                ]
                body["expiresAt"] = expires
                return try await app.send(.POST, "/api/v1/staff/referral-deals", token: staff.token, json: body)
            }
            let backwards = try await deal(partner: world.orgID, expires: "2026-03-01T00:00:00Z")
            #expect(backwards.code == "deal_ends_before_start", "\(backwards.text)")
            let notPartner = try await deal(partner: otherOrg.string("id"))
            #expect(notPartner.code == "not_a_partner", "\(notPartner.text)")
            // Malformed input next to a rule's refusal is still plain validation.
            let both = try await deal(partner: otherOrg.string("id"), kickback: 500)
            #expect(both.code == "validation_failed" && both.fieldErrors.contains("kickbackPercent"), "\(both.text)")
        }
    }

    @Test("a handoff without a destination names the rule, and the keep-people choice is required")
    func transferTarget() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            try await world.setTier(.changemaker)
            let id = try await world.createClientWorkspace(dataOwner: "dana@client.org").string("id")
            _ = try await app.registerUser("dana@client.org")
            let noTarget = try await app.send(
                .POST, "/api/v1/staff/workspaces/\(id)/transfer", token: staff.token,
                json: ["keepPartnerMembersAsExternal": true])
            #expect(noTarget.code == "transfer_target_required", "\(noTarget.text)")
            let unknown = try await app.send(
                .GET,
                "/api/v1/staff/workspaces/\(id)/transfer-preview?targetOrgId=\(UUID().uuidString)"
                    + "&keepPartnerMembersAsExternal=true", token: staff.token)
            #expect(unknown.code == "transfer_target_unknown", "\(unknown.text)")
            let noChoice = try await app.send(
                .POST, "/api/v1/staff/workspaces/\(id)/transfer", token: staff.token, json: ["newOrgName": "City"])
            #expect(noChoice.code == "validation_failed", "\(noChoice.text)")
        }
    }

    @Test("a password longer than bcrypt's 72 bytes counts to its last character")
    func longPasswords() async throws {
        try await withSteward { app in
            let head = String(repeating: "é", count: 40)  // 80 bytes, 40 characters
            let registered = try await app.send(
                .POST, "/api/v1/auth/register",
                json: ["email": "long@example.com", "password": head + "-right", "name": "Long Password"])
            #expect(registered.status == .created, "\(registered.text)")
            let right = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": "long@example.com", "password": head + "-right"])
            #expect(right.status == .ok, "\(right.text)")
            let wrongTail = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": "long@example.com", "password": head + "-wrong"])
            #expect(wrongTail.status == .unauthorized, "the bytes after the 72nd count: \(wrongTail.text)")
            let tooLong = try await app.send(
                .POST, "/api/v1/auth/register",
                json: ["email": "longer@example.com", "password": String(repeating: "x", count: 129), "name": "L"])
            #expect(tooLong.code == "validation_failed" && tooLong.fieldErrors == ["password"], "\(tooLong.text)")
        }
    }

    @Test("names are judged as sent: a line break anywhere, or spaces past the limit, are refused")
    func namesAsSent() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            for name in [
                "Trailing break\n", "Next\u{85}line", "Unit\u{1F}separator", " " + String(repeating: "x", count: 120),
            ] {
                let reply = try await app.send(
                    .PATCH, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token, json: ["name": name])
                #expect(
                    reply.code == "validation_failed" && reply.fieldErrors == ["name"],
                    "\(name.debugDescription): \(reply.text)")
            }
            let trimmed = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token,
                json: ["name": "  Harbour Council  "])
            #expect(trimmed.string("name") == "Harbour Council", "\(trimmed.text)")
        }
    }
}
