import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

@Suite("Account pages")
struct AccountPageTests {
    @Test("registering shows the verify banner until the emailed link is opened")
    func verifyBanner() async throws {
        try await withSteward { app in
            let web = WebSession(app)
            let registered = try await web.post(
                "/register", ["name": "Vera", "email": "vera@example.com", "password": "correct horse battery"])
            #expect(registered.status == .seeOther)
            let home = try await web.get("/workspaces")
            #expect(home.contains("id=\"verify-banner\""))
            let resend = try await web.post("/account/verify-email/resend", [:], referer: "/workspaces")
            #expect(resend.location == "/workspaces")
            let link = try await app.linkToken(to: "vera@example.com", marker: "/verify-email/")
            let verified = try await web.get("/verify-email/\(link)")
            #expect(
                verified.status == .ok && verified.contains("id=\"verify-result\"") && verified.contains("verified"))
            #expect(!(try await web.get("/workspaces")).contains("id=\"verify-banner\""))
            let used = try await web.get("/verify-email/\(link)")
            #expect(used.status == .gone && used.contains("already used"))
        }
    }

    @Test("a wrong password returns to the form with the reason and the address kept")
    func wrongPassword() async throws {
        try await withSteward { app in
            _ = try await app.registerUser("pw@example.com")
            let web = WebSession(app)
            let reply = try await web.post("/login", ["email": "pw@example.com", "password": "nope nope nope"])
            #expect(reply.status == .seeOther && reply.location.hasPrefix("/login"))
            let page = try await web.get(reply.location)
            #expect(page.contains("don&#39;t match") || page.contains("don't match"))
            #expect(page.contains("value=\"pw@example.com\""))
        }
    }

    @Test("sign-in rotates the CSRF token; next= must be a same-site path")
    func csrfRotatesAndNextIsSameSite() async throws {
        try await withSteward { app in
            _ = try await app.registerUser("rot@example.com")
            let web = WebSession(app)
            try await web.get("/login")
            let before = web.csrf
            let reply = try await web.post(
                "/login", ["email": "rot@example.com", "password": "correct horse battery", "next": "/\t/evil.example"])
            #expect(reply.location == "/workspaces")
            #expect(!web.csrf.isEmpty && web.csrf != before)
        }
    }

    @Test("with STEWARD_SECURE_COOKIES every cookie Steward sets is Secure, the flash cookie too")
    func secureCookies() async throws {
        try await withSteward(secureCookies: true) { app in
            _ = try await app.registerUser("sec@example.com")
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            var setCookies: [String: HTTPCookies.Value] = [:]
            try await app.testing().test(.GET, "/login") { res in setCookies = res.headers.setCookie?.all ?? [:] }
            let csrf = try #require(setCookies[CSRFMiddleware.cookieName]?.string)
            let device = try #require(setCookies[DeviceCookieMiddleware.name]?.string)
            headers.add(
                name: .cookie, value: "\(CSRFMiddleware.cookieName)=\(csrf); \(DeviceCookieMiddleware.name)=\(device)")
            let body = "email=sec%40example.com&password=correct+horse+battery&_csrf=\(csrf)"
            try await app.testing().test(.POST, "/logout", headers: headers, body: ByteBuffer(string: body)) { res in
                setCookies = res.headers.setCookie?.all ?? [:]
            }
            #expect(setCookies[Flash.cookie]?.isSecure == true)
            try await app.testing().test(.POST, "/login", headers: headers, body: ByteBuffer(string: body)) { res in
                setCookies = res.headers.setCookie?.all ?? [:]
            }
            #expect(!setCookies.isEmpty && setCookies.values.allSatisfy { $0.isSecure && $0.isHTTPOnly })
        }
    }

    @Test("two-factor on pages: enrol with the QR page, then sign in with a second step")
    func twoFactorPages() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            _ = try await app.registerUser("pages@example.com")
            let web = WebSession(app)
            try await web.signIn("pages@example.com")
            let account = try await web.get("/account")
            #expect(account.contains("id=\"enable-two-factor\"") && account.contains("id=\"sessions\""))
            let enrol = try await web.get("/account/two-factor")
            #expect(enrol.contains("<svg") && enrol.contains("id=\"two-factor-secret\""))
            let secret = try #require(try await UserRow.query(on: app.db).first()?.totpPendingSecret)
            #expect(
                try await web.get("/account/two-factor").contains(String(secret.prefix(4))), "a reload keeps the secret"
            )
            let confirmed = try await web.post("/account/two-factor/confirm", ["code": app.otp(secret, clock: clock)])
            #expect(confirmed.contains("id=\"recovery-codes\""))
            clock.advance(by: 30)

            _ = try await web.post("/logout", [:])
            let password = try await web.post(
                "/login", ["email": "pages@example.com", "password": "correct horse battery", "next": "/account"])
            #expect(password.location.hasPrefix("/login/two-factor"))
            #expect(try await web.get("/workspaces").status == .seeOther, "not signed in before the code")
            let step = try await web.get(password.location)
            #expect(step.contains("id=\"two-factor-form\""))
            let wrong = try await web.post("/login/two-factor", ["code": "000000", "next": "/account"])
            #expect(wrong.location.hasPrefix("/login/two-factor"))
            let right = try await web.post(
                "/login/two-factor", ["code": app.otp(secret, clock: clock), "next": "/account"])
            #expect(right.location == "/account", "\(right.text)")
            #expect(try await web.get("/account").contains("id=\"disable-two-factor-form\""))
        }
    }

    @Test("password reset pages: ask, follow the emailed link, set a new password, sign in")
    func resetPages() async throws {
        try await withSteward { app in
            _ = try await app.registerUser("forgot@example.com")
            let web = WebSession(app)
            #expect(try await web.get("/login").contains("id=\"forgot-password\""))
            let asked = try await web.post("/reset-password", ["email": "forgot@example.com"])
            #expect(asked.contains("id=\"reset-requested\""))
            let nobody = try await web.post("/reset-password", ["email": "nobody@example.com"])
            #expect(nobody.contains("id=\"reset-requested\""), "the same answer for an unknown address")
            let link = try await app.linkToken(to: "forgot@example.com", marker: "/reset-password/")
            #expect(try await web.get("/reset-password/\(link)").contains("id=\"reset-password-form\""))
            let done = try await web.post("/reset-password/\(link)", ["password": "a brand new passphrase"])
            #expect(done.location == "/login")
            #expect(try await web.get("/reset-password/\(link)").status == .gone)
            try await web.signIn("forgot@example.com", password: "a brand new passphrase")
        }
    }

    @Test("account page: create a token shown once, revoke it, sign out everywhere else")
    func tokensOnThePage() async throws {
        try await withSteward { app in
            let (apiToken, _) = try await app.registerUser("tok@example.com")
            let web = WebSession(app)
            try await web.signIn("tok@example.com")
            let created = try await web.post("/account/tokens", ["name": "CI export", "expiresInDays": "30"])
            #expect(created.location.hasPrefix("/account"))
            let shown = try await web.get("/account")
            #expect(shown.contains("id=\"created-token\"") && shown.contains("CI export"))
            #expect(!(try await web.get("/account")).contains("id=\"created-token\""), "shown once")
            let sessions = try await app.send(.GET, "/api/v1/me/sessions", token: apiToken)
            let tokenID = try #require(sessions.items.first { $0["name"] as? String == "CI export" }?["id"] as? String)
            #expect(try await web.post("/account/sessions/\(tokenID)/revoke", [:]).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/me/sessions", token: apiToken).items.count == 2)
            #expect(try await web.post("/account/sessions/sign-out-others", [:]).status == .seeOther)
            #expect(try await app.send(.GET, "/api/v1/me", token: apiToken).status == .unauthorized)
            #expect(try await web.get("/account").status == .ok)
        }
    }

    @Test("an org requiring two-factor: the owner's switch, the members page marks who lacks it, the refusal page")
    func orgRequirementPages() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let owner = WebSession(app)
            try await owner.signIn("owner@example.com")
            #expect(try await owner.get("/orgs/\(world.orgID)").contains("id=\"org-security\""))
            _ = try await app.enrolTwoFactor(token: world.owner.token, clock: clock)
            let on = try await owner.post("/orgs/\(world.orgID)/two-factor-requirement", ["required": "true"])
            #expect(on.location == "/orgs/\(world.orgID)")
            let members = try await owner.get("/orgs/\(world.orgID)/members")
            #expect(members.contains("lacks-two-factor") && members.contains("id=\"two-factor-requirement-note\""))
            let member = WebSession(app)
            try await member.signIn(try #require(world.people[.member]).email)
            let refused = try await member.get("/w/\(world.internalID)")
            #expect(refused.status == .forbidden && refused.contains("/account/two-factor"))
        }
    }
}
