import StewardCore
import StewardStore
import Vapor

/// Signing in and out, registering, the two-factor step, password reset and the verification
/// link: the pages a person sees before (or while) proving who they are (NOTES §12).
struct SignInWebController {
    func register(web: any RoutesBuilder) {
        web.on(.login, use: loginPage)
        web.on(.signIn, use: login)
        web.on(.loginTwoFactor, use: twoFactorPage)
        web.on(.confirmSignInCode, use: twoFactor)
        web.on(.register, use: registerPage)
        web.on(.createAccount, use: register)
        web.on(.logout, use: logout)
        web.on(.forgotPassword, use: resetRequestPage)
        web.on(.sendResetLink, use: resetRequest)
        web.on(.resetPassword, use: resetPage)
        web.on(.setNewPassword, use: reset)
        web.on(.verifyEmail, use: verifyEmail)
    }

    /// The second step's cookie: the challenge issued when the password was right.
    static let challengeCookie = "steward_signin_challenge"

    struct AuthPageVM: Encodable {
        var next: String
        var email: String
        var loginPath: String
        var registerPath: String
        var forgotPath = Paths.resetPassword
        /// Signing in or registering to accept this invitation.
        var invitation: AuthInvitationVM?
    }

    func loginPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: Paths.workspaces) }
        let next = Paths.safeNext(req.query[String.self, at: "next"])
        let invitation = await InvitationFlow.authInvitation(req)
        let email = invitation?.email ?? req.query[String.self, at: "email"] ?? ""
        return try await req.page(
            "login", title: "Sign in",
            AuthPageVM(
                next: next, email: email, loginPath: Paths.login(next: next),
                registerPath: invitation.map {
                    InvitationFlow.authPath(Paths.register, token: $0.token, email: email)
                } ?? Paths.register + "?next="
                    + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                invitation: invitation))
    }

    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
        var name: String?
        /// An invitation token: accepted right after signing in or registering.
        var invitation: String?
    }

    func login(req: Request) async throws -> Response {
        let form = try req.form(LoginForm.self)
        let result: SignInResult
        do {
            result = try await req.services.accounts.login(
                email: form.email, password: form.password, otp: nil, client: req.signInClient, tokenKind: .session,
                otpInBody: false)
        } catch let error as DomainError where error.code == DomainError.invalidCredentials.code {
            // Back to the form with the address kept, rather than a bare sign-in page.
            var back = Paths.login(next: Paths.safeNext(form.next))
            back +=
                (back.contains("?") ? "&" : "?") + "email="
                + (form.email?.addingPercentEncoding(withAllowedCharacters: Paths.urlSafe) ?? "")
            if let invitation = form.invitation, !invitation.isEmpty {
                back = InvitationFlow.authPath("/login", token: invitation, email: form.email ?? "")
            }
            return req.seeError(back, error.detail)
        }
        switch result {
        case .signedIn(let user, let token):
            return try await Self.signedIn(req, user: user, token: token, next: form.next, invitation: form.invitation)
        case .secondFactor(let challenge):
            var path =
                Paths.loginTwoFactor + "?next="
                + (Paths.safeNext(form.next).addingPercentEncoding(withAllowedCharacters: Paths.urlSafe) ?? "")
            if let invitation = form.invitation, !invitation.isEmpty {
                path += "&invitation=" + (invitation.addingPercentEncoding(withAllowedCharacters: Paths.urlSafe) ?? "")
            }
            let response = req.see(path)
            response.cookies[Self.challengeCookie] = HTTPCookies.Value(
                string: challenge, maxAge: Int(AccountTokenKind.signInChallenge.lifetime), path: "/login",
                isSecure: req.application.stewardConfig.secureCookies, isHTTPOnly: true, sameSite: .lax)
            return response
        }
    }

    /// Every factor passed: the session, then the invitation or the page they were heading to.
    static func signedIn(_ req: Request, user: User, token: String, next: String?, invitation: String?)
        async throws -> Response
    {
        let response =
            if let invitation, !invitation.isEmpty {
                try await InvitationFlow.acceptAfterSignIn(req, token: invitation, user: user.id)
            } else {
                req.see(Paths.safeNext(next))
            }
        startSession(response, token: token, req: req)
        return response
    }

    /// The session cookie and a new CSRF token: one planted before sign-in must not outlive it.
    static func startSession(_ response: Response, token: String, req: Request) {
        let config = req.application.stewardConfig
        response.cookies[SessionCookie.name] = SessionCookie.make(token, config: config)
        response.cookies[CSRFMiddleware.cookieName] = HTTPCookies.Value(
            string: RandomTokenSource().newToken(), path: "/", isSecure: config.secureCookies, isHTTPOnly: true,
            sameSite: .lax)
    }

    struct TwoFactorStepVM: Encodable {
        var action: String
        var next: String
        var invitation: String?
        var restartPath: String
    }

    func twoFactorPage(req: Request) async throws -> Response {
        guard req.cookies[Self.challengeCookie] != nil else { return req.redirect(to: Paths.login()) }
        let next = Paths.safeNext(req.query[String.self, at: "next"])
        return try await req.page(
            "login_two_factor", title: "Two-factor sign-in",
            TwoFactorStepVM(
                action: Paths.loginTwoFactor, next: next, invitation: req.query[String.self, at: "invitation"],
                restartPath: Paths.login(next: next)))
    }

    struct TwoFactorForm: Content {
        var code: String?
        var next: String?
        var invitation: String?
    }

    func twoFactor(req: Request) async throws -> Response {
        let form = try req.form(TwoFactorForm.self)
        let challenge = req.cookies[Self.challengeCookie]?.string
        do {
            let (user, token) = try await req.services.accounts.completeSignIn(
                challenge: challenge, code: form.code, client: req.signInClient)
            let response = try await Self.signedIn(
                req, user: user, token: token, next: form.next, invitation: form.invitation)
            response.cookies[Self.challengeCookie] = HTTPCookies.Value(string: "", maxAge: 0, path: "/login")
            return response
        } catch let error as DomainError where error.kind == .unauthorized || error.kind == .unprocessable {
            var back =
                Paths.loginTwoFactor + "?next="
                + (Paths.safeNext(form.next).addingPercentEncoding(withAllowedCharacters: Paths.urlSafe) ?? "")
            if let invitation = form.invitation, !invitation.isEmpty {
                back += "&invitation=" + (invitation.addingPercentEncoding(withAllowedCharacters: Paths.urlSafe) ?? "")
            }
            return req.seeError(back, error.detail)
        } catch let error as DomainError where error.kind == .gone || error.kind == .notFound {
            let response = req.seeError(Paths.login(next: Paths.safeNext(form.next)), error.detail)
            response.cookies[Self.challengeCookie] = HTTPCookies.Value(string: "", maxAge: 0, path: "/login")
            return response
        }
    }

    func registerPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.redirect(to: Paths.workspaces) }
        let next = Paths.safeNext(req.query[String.self, at: "next"])
        let invitation = await InvitationFlow.authInvitation(req)
        let email = invitation?.email ?? req.query[String.self, at: "email"] ?? ""
        return try await req.page(
            "register", title: "Create your account",
            AuthPageVM(
                next: next, email: email,
                loginPath: invitation.map { InvitationFlow.authPath("/login", token: $0.token, email: email) }
                    ?? Paths.login(next: next), registerPath: Paths.register, invitation: invitation))
    }

    func register(req: Request) async throws -> Response {
        let form = try req.form(LoginForm.self)
        let invitation = form.invitation.flatMap { $0.isEmpty ? nil : $0 }
        // Accepting an emailed invitation proves the address by itself; the verification email
        // goes out only if it did not (a link invitation, or another address).
        let (user, token) = try await req.services.accounts.register(
            email: form.email, password: form.password, name: form.name, client: req.signInClient,
            tokenKind: .session, sendVerification: invitation == nil)
        let response: Response
        if let invitation {
            response = try await InvitationFlow.acceptAfterSignIn(req, token: invitation, user: user.id)
            try await req.services.accounts.sendVerificationIfNeeded(user.id)
        } else {
            response = req.see(
                Paths.safeNext(form.next),
                notice: "Welcome to Steward, \(user.name).")
        }
        Self.startSession(response, token: token, req: req)
        return response
    }

    struct LogoutForm: Content { var next: String? }

    func logout(req: Request) async throws -> Response {
        if let current = req.currentUser { try await req.services.accounts.logout(token: current.token) }
        // `next` (e.g. back to an invitation, to switch accounts) must be a same-site path.
        let next = (try? req.form(LogoutForm.self))?.next ?? req.query[String.self, at: "next"]
        let response = req.see(
            next.map { $0.isEmpty ? Paths.login() : Paths.safeNext($0) } ?? Paths.login(),
            notice: "You are signed out.")
        response.cookies[SessionCookie.name] = .expired
        return response
    }
}
