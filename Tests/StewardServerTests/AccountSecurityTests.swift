import FluentKit
import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

extension Application {
    /// The current code of a two-factor secret (base32) at the test clock's time.
    func otp(_ secret: String, clock: TestClock) -> String {
        TOTP(secret: Base32.decode(secret)!).code(at: clock.now())
    }

    /// Turns two-factor on for a bearer token; answers the secret and the recovery codes.
    func enrolTwoFactor(token: String, clock: TestClock) async throws -> (secret: String, codes: [String]) {
        let start = try await send(.POST, "/api/v1/me/two-factor", token: token)
        #expect(start.status == .ok, "\(start.text)")
        let secret = start.string("secret")
        let confirm = try await send(
            .POST, "/api/v1/me/two-factor/confirm", token: token, json: ["code": otp(secret, clock: clock)])
        #expect(confirm.status == .ok, "\(confirm.text)")
        clock.advance(by: 30)  // the enrolment code's time step is used up
        return (secret, confirm["recoveryCodes"] as? [String] ?? [])
    }

    func login(_ email: String, password: String = "correct horse battery", otp: String? = nil) async throws -> Reply {
        var body: [String: Any] = ["email": email, "password": password]
        if let otp { body["otp"] = otp }
        return try await send(.POST, "/api/v1/auth/login", json: body)
    }
}

@Suite("Accounts: verified addresses")
struct EmailVerificationTests {
    @Test("registering emails a 48-hour single-use link; /me shows emailVerified before and after")
    func verificationLink() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let (token, _) = try await app.registerUser("New.Hire@Corp.example", verified: false)
            let me = try await app.send(.GET, "/api/v1/me", token: token)
            #expect(me["emailVerified"] as? Bool == false && me["twoFactorEnabled"] as? Bool == false)
            let mail = try #require(try await app.lastEmail(to: "new.hire@corp.example"))
            #expect(mail.text.contains("/verify-email/") && mail.html.contains("/verify-email/"))
            let link = try await app.linkToken(to: "new.hire@corp.example", marker: "/verify-email/")
            let verified = try await app.send(.POST, "/api/v1/auth/verify-email", json: ["token": link])
            #expect(verified.status == .ok)
            #expect((verified["user"] as? [String: Any])?["emailVerified"] as? Bool == true)
            #expect(try await app.send(.GET, "/api/v1/me", token: token)["emailVerified"] as? Bool == true)
            let again = try await app.send(.POST, "/api/v1/auth/verify-email", json: ["token": link])
            #expect(again.status == .gone && again.code == "verification_used")
            let unknown = try await app.send(.POST, "/api/v1/auth/verify-email", json: ["token": "nope"])
            #expect(unknown.status == .notFound)
            let missing = try await app.send(.POST, "/api/v1/auth/verify-email", json: [:])
            #expect(missing.status == .unprocessableEntity)

            let (_, _) = try await app.registerUser("late@example.com", verified: false)
            let late = try await app.linkToken(to: "late@example.com", marker: "/verify-email/")
            clock.advance(by: 48 * 3600 + 1)
            let expired = try await app.send(.POST, "/api/v1/auth/verify-email", json: ["token": late])
            #expect(expired.status == .gone && expired.code == "verification_expired")
        }
    }

    @Test("an unverified account is invited, never added; /me/invites is 403; the emailed link verifies")
    func unverifiedIsInvited() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let (squatter, _) = try await app.registerUser("New.Hire@corp.example", verified: false)
            let invite = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["new.hire@corp.example"], "role": "member"])
            #expect(invite.outcome() == "invited", "\(invite.text)")
            let mine = try await app.send(.GET, "/api/v1/me/invites", token: squatter)
            #expect(mine.status == .forbidden && mine.code == "email_unverified")
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: squatter).status == .notFound)
            // Whoever reads the mailbox accepts through the emailed link, which proves the address.
            let token = try await app.invitationToken(to: "new.hire@corp.example")
            let accepted = try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: squatter)
            #expect(accepted["outcome"] as? String == "added", "\(accepted.text)")
            #expect(try await app.send(.GET, "/api/v1/me", token: squatter)["emailVerified"] as? Bool == true)
            #expect(try await app.send(.GET, "/api/v1/me/invites", token: squatter).status == .ok)

            // Organisation invites too; and a removed member who joined by link is invited, not reactivated.
            let (linked, linkedID) = try await app.registerUser("linked@example.com", verified: false)
            let org = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/invites", token: world.owner.token,
                json: ["emails": ["linked@example.com"], "role": "member"])
            #expect(org.outcome() == "invited", "\(org.text)")
            let link = try await app.send(
                .POST, "/api/v1/workspaces/\(world.clientID)/invite-links", token: world.owner.token,
                json: ["role": "external"])
            let linkToken = try #require(link.string("url").components(separatedBy: "/invitations/").last)
            #expect(try await app.send(.POST, "/api/v1/invitations/\(linkToken)/accept", token: linked).status == .ok)
            #expect(
                try await app.send(
                    .DELETE, "/api/v1/workspaces/\(world.clientID)/members/\(linkedID)", token: world.owner.token
                ).status == .noContent)
            let again = try await app.send(
                .POST, "/api/v1/workspaces/\(world.clientID)/invites", token: world.owner.token,
                json: ["emails": ["linked@example.com"], "role": "external"])
            #expect(again.outcome() == "invited", "\(again.text)")
        }
    }

    @Test("re-sending the verification email is throttled; a verified account has nothing to resend")
    func resendThrottled() async throws {
        try await withSteward(rateLimits: true) { app in
            let (token, _) = try await app.registerUser("slow@example.com", verified: false)
            for _ in 0..<3 {
                #expect(try await app.send(.POST, "/api/v1/auth/verify-email/resend", token: token).status == .accepted)
            }
            let fourth = try await app.send(.POST, "/api/v1/auth/verify-email/resend", token: token)
            #expect(fourth.status == .tooManyRequests)
            #expect(try await app.send(.POST, "/api/v1/auth/verify-email/resend").status == .unauthorized)
            // Only the newest link works.
            let newest = try await app.linkToken(to: "slow@example.com", marker: "/verify-email/")
            #expect(try await app.send(.POST, "/api/v1/auth/verify-email", json: ["token": newest]).status == .ok)
            let done = try await app.send(.POST, "/api/v1/auth/verify-email/resend", token: token)
            #expect(done.status == .conflict && done.code == "already_verified")
        }
    }

    @Test("an unverified data owner is invited, not treated as the data owner, and blocks the handoff")
    func unverifiedDataOwner() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let staff = try await world.makePartner()
            let (dana, _) = try await app.registerUser("dana@client.org", verified: false)
            let created = try await world.createClientWorkspace()
            #expect(created.status == .created, "\(created.text)")
            let id = created.string("id")
            // Not added at once: the data-owner invite waits for the mailbox to be proven.
            #expect(try await app.send(.GET, "/api/v1/workspaces/\(id)", token: dana).status == .notFound)
            let preview = try await app.send(
                .GET,
                "/api/v1/staff/workspaces/\(id)/transfer-preview?newOrgName=City&keepPartnerMembersAsExternal=false",
                token: staff.token)
            #expect(preview.status == .ok, "\(preview.text)")
            #expect(preview["newOwnerEmailVerified"] as? Bool == false)
            #expect((preview["blockers"] as? [[String: Any]])?.first?["code"] as? String == "data_owner_unverified")
            let refused = try await app.send(
                .POST, "/api/v1/staff/workspaces/\(id)/transfer", token: staff.token,
                json: ["newOrgName": "City", "keepPartnerMembersAsExternal": false])
            #expect(refused.status == .conflict && refused.code == "data_owner_unverified")

            // The emailed data-owner invite proves the address: then Dana is the data owner.
            let token = try await app.invitationToken(to: "dana@client.org")
            #expect(try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: dana).status == .ok)
            let mine = try await app.send(.GET, "/api/v1/workspaces", token: dana)
            #expect(mine.items.first { $0["id"] as? String == id }?["isDataOwner"] as? Bool == true)
            let ok = try await app.send(
                .GET,
                "/api/v1/staff/workspaces/\(id)/transfer-preview?newOrgName=City&keepPartnerMembersAsExternal=false",
                token: staff.token)
            #expect((ok["blockers"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("migration 0017 marks verified only accounts that accepted an emailed invite to their address")
    func migrationBackfill() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let (joined, invitedID) = try await app.registerUser("joined@example.com", verified: false)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["joined@example.com"], "role": "member"])
            let token = try await app.invitationToken(to: "joined@example.com")
            #expect(try await app.send(.POST, "/api/v1/invitations/\(token)/accept", token: joined).status == .ok)
            // Forget every proof, then run the migration's backfill as an upgrade would.
            try await UserRow.query(on: app.db).set(\.$emailVerifiedAt, to: nil).update()
            try await AddAccountSecurity.markAcceptedInvitesVerified(on: app.db)
            let verified = try await UserRow.query(on: app.db).filter(\.$emailVerifiedAt != nil).all()
            #expect(verified.map { $0.id!.uuidString.lowercased() } == [invitedID.lowercased()])
        }
    }

    @Test("demo accounts are verified, also when their data predates verification")
    func demoVerified() async throws {
        try await withSteward { app in
            _ = try await DemoData.load(into: app.services)
            let owner = try #require(
                try await app.services.accounts.user(byEmail: EmailAddress("owner@demo.steward.test")!))
            #expect(owner.emailVerified)
            try await UserRow.query(on: app.db).set(\.$emailVerifiedAt, to: nil).update()
            _ = try await DemoData.load(into: app.services)
            let again = try await UserRow.query(on: app.db).filter(\.$emailVerifiedAt == nil).count()
            #expect(again == 0)
        }
    }
}

@Suite("Accounts: passwords and addresses")
struct PasswordAndAddressTests {
    @Test("password reset: 202 for any address, a one-hour single-use link, every session ends, a notice")
    func reset() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let (token, _) = try await app.registerUser("reset@example.com")
            let unknown = try await app.send(
                .POST, "/api/v1/auth/password-reset", json: ["email": "nobody@example.com"])
            #expect(unknown.status == .accepted)
            #expect(try await app.lastEmail(to: "nobody@example.com") == nil)
            let known = try await app.send(.POST, "/api/v1/auth/password-reset", json: ["email": "RESET@example.com"])
            #expect(known.status == .accepted)
            let link = try await app.linkToken(to: "reset@example.com", marker: "/reset-password/")
            let weak = try await app.send(
                .POST, "/api/v1/auth/password-reset/confirm", json: ["token": link, "password": "short"])
            #expect(weak.status == .unprocessableEntity)
            let done = try await app.send(
                .POST, "/api/v1/auth/password-reset/confirm",
                json: ["token": link, "password": "a brand new passphrase"])
            #expect(done.status == .noContent, "\(done.text)")
            #expect(try await app.send(.GET, "/api/v1/me", token: token).status == .unauthorized)
            #expect(try await app.login("reset@example.com").status == .unauthorized)
            #expect(try await app.login("reset@example.com", password: "a brand new passphrase").status == .ok)
            #expect(try await app.lastEmail(to: "reset@example.com")?.kind == "password_changed")
            let reused = try await app.send(
                .POST, "/api/v1/auth/password-reset/confirm", json: ["token": link, "password": "another passphrase"])
            #expect(reused.status == .gone && reused.code == "reset_used")

            _ = try await app.send(.POST, "/api/v1/auth/password-reset", json: ["email": "reset@example.com"])
            let late = try await app.linkToken(to: "reset@example.com", marker: "/reset-password/")
            clock.advance(by: 3601)
            let expired = try await app.send(
                .POST, "/api/v1/auth/password-reset/confirm", json: ["token": late, "password": "another passphrase"])
            #expect(expired.status == .gone && expired.code == "reset_expired")
        }
    }

    @Test("changing the password needs the current one and ends every other session and token")
    func changePassword() async throws {
        try await withSteward { app in
            let (first, _) = try await app.registerUser("change@example.com")
            let second = try await app.login("change@example.com").string("token")
            let wrong = try await app.send(
                .POST, "/api/v1/me/password", token: first,
                json: ["currentPassword": "not it at all", "newPassword": "a brand new passphrase"])
            #expect(wrong.status == .forbidden && wrong.code == "invalid_credentials")
            let ok = try await app.send(
                .POST, "/api/v1/me/password", token: first,
                json: ["currentPassword": "correct horse battery", "newPassword": "a brand new passphrase"])
            #expect(ok.status == .noContent, "\(ok.text)")
            #expect(try await app.send(.GET, "/api/v1/me", token: first).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/me", token: second).status == .unauthorized)
            #expect(try await app.lastEmail(to: "change@example.com")?.kind == "password_changed")
        }
    }

    @Test("changing the address: current password, the new one verified first, the old one told")
    func changeEmail() async throws {
        try await withSteward { app in
            let (token, _) = try await app.registerUser("old@example.com")
            _ = try await app.registerUser("taken@example.com")
            let wrong = try await app.send(
                .POST, "/api/v1/me/email", token: token,
                json: ["email": "new@example.com", "currentPassword": "nope nope"])
            #expect(wrong.status == .forbidden)
            let taken = try await app.send(
                .POST, "/api/v1/me/email", token: token,
                json: ["email": "Taken@example.com", "currentPassword": "correct horse battery"])
            #expect(taken.status == .conflict && taken.code == "email_taken")
            let asked = try await app.send(
                .POST, "/api/v1/me/email", token: token,
                json: ["email": "New@Example.com", "currentPassword": "correct horse battery"])
            #expect(asked.status == .accepted, "\(asked.text)")
            let me = try await app.send(.GET, "/api/v1/me", token: token)
            #expect(me.string("email") == "old@example.com" && me.string("pendingEmail") == "new@example.com")
            #expect(try await app.lastEmail(to: "old@example.com")?.kind == "email_change_requested")
            let link = try await app.linkToken(to: "new@example.com", marker: "/verify-email/")
            let verified = try await app.send(.POST, "/api/v1/auth/verify-email", json: ["token": link])
            #expect((verified["user"] as? [String: Any])?["email"] as? String == "new@example.com")
            #expect(try await app.lastEmail(to: "old@example.com")?.kind == "email_changed")
            #expect(try await app.login("new@example.com").status == .ok)
            #expect(try await app.login("old@example.com").status == .unauthorized)
            let renamed = try await app.send(.PATCH, "/api/v1/me", token: token, json: ["name": "  Olga  "])
            #expect(renamed.string("name") == "Olga")
            #expect(
                try await app.send(.PATCH, "/api/v1/me", token: token, json: ["name": ""]).status
                    == .unprocessableEntity)
        }
    }
}

@Suite("Accounts: sessions and tokens")
struct SessionTests {
    @Test("sessions and tokens are listed with the current one marked, revoked one by one or all but this one")
    func sessions() async throws {
        try await withSteward { app in
            let (first, _) = try await app.registerUser("many@example.com")
            let second = try await app.login("many@example.com").string("token")
            let created = try await app.send(.POST, "/api/v1/me/tokens", token: first, json: ["name": "Nightly export"])
            #expect(created.status == .created, "\(created.text)")
            let apiToken = created.string("token")
            let expires = try #require(ISO8601DateFormatter().date(from: created.string("expiresAt")))
            #expect(abs(expires.timeIntervalSinceNow - 90 * 86_400) < 86_400 * 400)  // the test clock's days
            #expect(try await app.send(.GET, "/api/v1/me", token: apiToken).status == .ok)
            let list = try await app.send(.GET, "/api/v1/me/sessions", token: first)
            #expect(list.items.count == 3)
            #expect(list.items.filter { $0["current"] as? Bool == true }.count == 1)
            #expect(list.items.contains { $0["name"] as? String == "Nightly export" && $0["kind"] as? String == "api" })
            let paged = try await app.send(.GET, "/api/v1/me/sessions?limit=2", token: first)
            #expect(paged.items.count == 2 && paged["nextCursor"] is String)

            let tokenID = try #require(created.string("id").isEmpty ? nil : created.string("id"))
            let (stranger, _) = try await app.registerUser("stranger@example.com")
            #expect(try await app.send(.DELETE, "/api/v1/me/sessions/\(tokenID)", token: stranger).status == .notFound)
            #expect(try await app.send(.DELETE, "/api/v1/me/sessions/\(tokenID)", token: first).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/me", token: apiToken).status == .unauthorized)
            #expect(try await app.send(.DELETE, "/api/v1/me/sessions", token: first).status == .noContent)
            #expect(try await app.send(.GET, "/api/v1/me", token: second).status == .unauthorized)
            #expect(try await app.send(.GET, "/api/v1/me", token: first).status == .ok)
        }
    }

    @Test("a token needs a name and 1–365 days", arguments: [("", 30), ("x", 0), ("x", 366)])
    func tokenValidation(name: String, days: Int) async throws {
        try await withSteward { app in
            let (token, _) = try await app.registerUser("val@example.com")
            let reply = try await app.send(
                .POST, "/api/v1/me/tokens", token: token, json: ["name": name, "expiresInDays": days])
            #expect(reply.status == .unprocessableEntity && reply.isProblem, "\(reply.text)")
        }
    }

    @Test("a sign-in from a new device is emailed; the same device again is not")
    func newDevice() async throws {
        try await withSteward { app in
            _ = try await app.registerUser("device@example.com")
            func signIn(_ agent: String) async throws {
                let reply = try await app.send(
                    .POST, "/api/v1/auth/login",
                    json: ["email": "device@example.com", "password": "correct horse battery"],
                    headers: ["User-Agent": agent])
                #expect(reply.status == .ok)
            }
            try await signIn("Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
            let first = try #require(try await app.lastEmail(to: "device@example.com"))
            #expect(first.kind == "new_sign_in" && first.text.contains("Firefox on Linux"))
            try await signIn("Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0")
            #expect(try await app.lastEmail(to: "device@example.com")?.id == first.id)
        }
    }
}

@Suite("Accounts: two-factor")
struct TwoFactorAPITests {
    @Test("enrol with a confirming code; sign in needs otp; codes work once; recovery codes work once; disable")
    func lifecycle() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let (token, _) = try await app.registerUser("tfa@example.com")
            let start = try await app.send(.POST, "/api/v1/me/two-factor", token: token)
            #expect(start.string("otpauthUrl").hasPrefix("otpauth://totp/Steward:tfa@example.com?secret="))
            #expect(start.string("qrSvg").hasPrefix("<svg"))
            let wrong = try await app.send(
                .POST, "/api/v1/me/two-factor/confirm", token: token, json: ["code": "000000"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(try await app.send(.GET, "/api/v1/me", token: token)["twoFactorEnabled"] as? Bool == false)
            let secret = start.string("secret")
            let confirm = try await app.send(
                .POST, "/api/v1/me/two-factor/confirm", token: token, json: ["code": app.otp(secret, clock: clock)])
            let codes = confirm["recoveryCodes"] as? [String] ?? []
            #expect(codes.count == 10 && Set(codes).count == 10)
            #expect(try await app.send(.GET, "/api/v1/me", token: token)["twoFactorEnabled"] as? Bool == true)
            #expect(try await app.send(.POST, "/api/v1/me/two-factor", token: token).code == "two_factor_enabled")

            let none = try await app.login("tfa@example.com")
            #expect(none.status == .unauthorized && none.code == "otp_required")
            let bad = try await app.login("tfa@example.com", otp: "123456")
            #expect(bad.status == .unauthorized && bad.code == "invalid_otp")
            // The enrolment code's step is spent: the same code is refused until the next step.
            let replay = try await app.login("tfa@example.com", otp: app.otp(secret, clock: clock))
            #expect(replay.code == "invalid_otp")
            clock.advance(by: 30)
            let code = app.otp(secret, clock: clock)
            let ok = try await app.login("tfa@example.com", otp: code)
            #expect(ok.status == .ok && (ok["user"] as? [String: Any])?["twoFactorEnabled"] as? Bool == true)
            #expect(try await app.login("tfa@example.com", otp: code).code == "invalid_otp")
            let recovery = try await app.login("tfa@example.com", otp: codes[0].uppercased())
            #expect(recovery.status == .ok)
            #expect(try await app.lastEmail(to: "tfa@example.com")?.kind == "recovery_code_used")
            #expect(try await app.login("tfa@example.com", otp: codes[0]).code == "invalid_otp")

            let fresh = try await app.send(
                .POST, "/api/v1/me/two-factor/recovery-codes", token: token, json: ["code": codes[2]])
            let newCodes = fresh["recoveryCodes"] as? [String] ?? []
            #expect(fresh.status == .ok && newCodes.count == 10 && Set(newCodes).isDisjoint(with: codes))
            #expect(try await app.login("tfa@example.com", otp: codes[3]).code == "invalid_otp", "old codes are void")
            let refuse = try await app.send(.DELETE, "/api/v1/me/two-factor", token: token, json: ["code": "999999"])
            #expect(refuse.status == .unprocessableEntity && refuse.code == "invalid_otp")
            let off = try await app.send(.DELETE, "/api/v1/me/two-factor", token: token, json: ["code": newCodes[0]])
            #expect(off.status == .noContent)
            #expect(try await app.login("tfa@example.com").status == .ok)
        }
    }

    @Test("an org owner may require two-factor; members without it are refused its workspaces until they enrol")
    func orgRequirement() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let member = try #require(world.people[.member])
            let path = "/api/v1/orgs/\(world.orgID)/two-factor-requirement"
            let early = try await app.send(.PUT, path, token: world.owner.token, json: ["required": true])
            #expect(early.status == .conflict && early.code == "two_factor_not_enabled")
            let admin = try #require(world.orgPeople[.admin])
            #expect(try await app.send(.PUT, path, token: admin.token, json: ["required": true]).status == .forbidden)
            _ = try await app.enrolTwoFactor(token: world.owner.token, clock: clock)
            let on = try await app.send(.PUT, path, token: world.owner.token, json: ["required": true])
            #expect(on.status == .ok && on["requiresTwoFactor"] as? Bool == true, "\(on.text)")

            let refused = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: member.token)
            #expect(refused.status == .forbidden && refused.code == "two_factor_required")
            #expect(
                try await app.send(.GET, "/api/v1/orgs/\(world.orgID)", token: member.token).code
                    == "two_factor_required")
            // Paths that fall back to the organisation role are held to the requirement too.
            let billing = try #require(world.orgPeople[.billing])
            let pool = on.string("billingAccountId")
            let account = try await app.send(.GET, "/api/v1/billing-accounts/\(pool)", token: billing.token)
            #expect(account.status == .forbidden && account.code == "two_factor_required", "\(account.text)")
            // They keep the membership, and the owner sees who lacks two-factor.
            let members = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/members?limit=200", token: world.owner.token)
            let row = members.items.first { ($0["user"] as? [String: Any])?["id"] as? String == member.id }
            #expect(row?["twoFactorEnabled"] as? Bool == false)
            let owner = members.items.first { ($0["user"] as? [String: Any])?["id"] as? String == world.owner.id }
            #expect(owner?["twoFactorEnabled"] as? Bool == true)
            // The owner cannot switch their own two-factor off while requiring it.
            let locked = try await app.send(
                .DELETE, "/api/v1/me/two-factor", token: world.owner.token, json: ["code": "123456"])
            #expect(locked.code == "two_factor_required_by_org")

            _ = try await app.enrolTwoFactor(token: member.token, clock: clock)
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)", token: member.token).status == .ok)
            let listed = try await app.send(.GET, "/api/v1/workspaces/\(world.internalID)/members", token: member.token)
            #expect(listed.items.allSatisfy { $0["twoFactorEnabled"] == nil }, "only managers see two-factor status")
            #expect(
                try await app.send(.PUT, path, token: world.owner.token, json: ["required": false])["requiresTwoFactor"]
                    as? Bool == false)
        }
    }
}

@Suite("Accounts: sign-in hardening")
struct SignInHardeningTests {
    final class CountingHasher: StewardCore.PasswordHasher, @unchecked Sendable {
        private let lock = NSLock()
        private var work = 0
        var rounds: Int { lock.withLock { work } }
        func hash(_ password: String) throws -> String {
            lock.withLock { work += 1 }
            return "h:" + password
        }
        func verify(_ password: String, against hash: String) -> Bool {
            lock.withLock { work += 1 }
            return hash == "h:" + password
        }
    }

    @Test("an unknown account costs a password-hash round like a known one")
    func unknownCostsTheSame() async throws {
        let hasher = CountingHasher()
        try await withSteward(passwords: hasher) { app in
            _ = try await app.registerUser("known@example.com")
            let before = hasher.rounds
            #expect(try await app.login("known@example.com", password: "wrong password").status == .unauthorized)
            let known = hasher.rounds - before
            #expect(try await app.login("unknown@example.com", password: "wrong password").status == .unauthorized)
            #expect(hasher.rounds - before - known == known && known == 1)
        }
    }

    @Test("X-Forwarded-For counts only from a trusted proxy")
    func trustedProxies() throws {
        let none = try TrustedProxies("")
        #expect(none.client(peer: "203.0.113.9", forwardedFor: "198.51.100.1") == "203.0.113.9")
        let proxies = try TrustedProxies("10.0.0.0/8, ::1")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: "198.51.100.1, 10.9.9.9") == "198.51.100.1")
        #expect(proxies.client(peer: "::1", forwardedFor: "2001:db8::7") == "2001:db8::7")
        #expect(proxies.client(peer: "192.0.2.1", forwardedFor: "198.51.100.1") == "192.0.2.1")
        #expect(proxies.client(peer: "10.1.2.3", forwardedFor: "not an address") == "10.1.2.3")
        #expect(throws: (any Error).self) { try TrustedProxies("10.0.0.0/33") }
        #expect(throws: (any Error).self) { try TrustedProxies("example.org") }
    }

    @Test("registrations from one peer are throttled whatever X-Forwarded-For says")
    func forwardedForIgnored() async throws {
        try await withSteward(rateLimits: true) { app in
            var statuses: [HTTPStatus] = []
            for i in 0..<11 {
                let reply = try await app.send(
                    .POST, "/api/v1/auth/register",
                    json: ["email": "r\(i)@example.com", "password": "correct horse battery", "name": "R"],
                    headers: ["X-Forwarded-For": "198.51.100.\(i)"])
                statuses.append(reply.status)
            }
            #expect(statuses.last == .tooManyRequests, "\(statuses)")
        }
    }
}
