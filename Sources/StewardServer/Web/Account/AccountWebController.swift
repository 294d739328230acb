import Foundation
import StewardCore
import StewardStore
import Vapor

/// The account settings page (NOTES §12): profile, address, password, two-factor, sessions and
/// personal API tokens. Each form calls the same service as the API.
struct AccountWebController {
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.on(.account, use: accountPage)
        app.on(.updateProfile, use: updateProfile)
        app.on(.changeEmail, use: changeEmail)
        app.on(.changePassword, use: changePassword)
        app.on(.resendVerification, use: resendVerification)
        app.on(.createToken, use: createToken)
        app.on(.signOutOthers, use: signOutOthers)
        app.on(.revokeSession, use: revokeSession)
        app.on(.accountTwoFactor, use: twoFactorPage)
        app.on(.confirmTwoFactor, use: confirmTwoFactor)
        app.on(.disableTwoFactor, use: disableTwoFactor)
        app.on(.regenerateRecoveryCodes, use: regenerateRecoveryCodes)
        app.on(.setOrgRequirement, use: setOrgRequirement)
    }

    /// A new API token travels to the page that shows it once in a short-lived cookie, so the
    /// form can redirect (a reload never re-creates it) without the token entering a URL.
    static let newTokenCookie = "steward_new_token"

    struct SessionVM: Encodable {
        var title: String
        var detail: String
        var created: String
        var lastUsed: String
        var expires: String
        var current: Bool
        var revokePath: String
    }

    struct CreatedTokenVM: Codable {
        var name: String
        var token: String
        var expires: String
    }

    struct AccountVM: Encodable {
        var name: String
        var email: String
        var emailVerified: Bool
        var pendingEmail: String?
        var profilePath = Paths.accountProfile
        var emailPath = Paths.accountEmail
        var passwordPath = Paths.accountPassword
        var resendPath = Paths.accountVerifyResend
        var twoFactorEnabled: Bool
        var recoveryCodesLeft: Int
        var twoFactorPath = Paths.accountTwoFactor
        var twoFactorDisablePath = Paths.accountTwoFactorDisable
        var recoveryCodesPath = Paths.accountRecoveryCodes
        var sessions: [SessionVM]
        var tokens: [SessionVM]
        var pager: PagerVM
        var signOutOthersPath = Paths.accountSignOutOthers
        var newTokenPath = Paths.accountTokens
        var tokenDays: [Option]
        var createdToken: CreatedTokenVM?

        struct Option: Encodable {
            var value: Int
            var label: String
            var selected: Bool
        }
    }

    func accountPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let page = try req.webPage()
        let accounts = req.services.accounts
        let listed = try await accounts.sessions(of: user.id, page: page, current: req.currentUser?.token)
        func vm(_ s: AccountSession) -> SessionVM {
            let title: String =
                if let name = s.name { name } else if s.kind == .session { s.device ?? "Browser session" } else {
                    "API sign-in" + (s.device.map { " (\($0))" } ?? "")
                }
            return SessionVM(
                title: title,
                detail: s.name != nil
                    ? "Personal API token" : s.kind == .session ? "Web session" : "API token from sign-in",
                created: Format.dateTime(s.createdAt), lastUsed: s.lastUsedAt.map(Format.dateTime) ?? "Never",
                expires: Format.date(s.expiresAt), current: s.current, revokePath: Paths.accountSessionRevoke(s.id))
        }
        var created: CreatedTokenVM?
        if let raw = req.cookies[Self.newTokenCookie]?.string, let data = Data(base64Encoded: raw) {
            created = try? JSONDecoder().decode(CreatedTokenVM.self, from: data)
            req.consumedCookies.append(Self.newTokenCookie)
        }
        return try await req.page(
            "account", title: "Your account",
            AccountVM(
                name: user.name, email: user.email, emailVerified: user.emailVerified,
                pendingEmail: try await accounts.pendingEmail(of: user), twoFactorEnabled: user.twoFactorEnabled,
                recoveryCodesLeft: user.twoFactorEnabled
                    ? try await req.services.twoFactor.recoveryCodesLeft(user.id) : 0,
                sessions: listed.items.filter { $0.name == nil }.map(vm),
                tokens: listed.items.filter { $0.name != nil }.map(vm),
                pager: PagerVM(req, next: listed.next, label: "More sessions and tokens"),
                tokenDays: [7, 30, 90, 180, 365].map {
                    .init(value: $0, label: "\($0) days", selected: $0 == APITokenRule.defaultDays)
                }, createdToken: created))
    }

    struct ProfileForm: Content { var name: String? }

    func updateProfile(req: Request) async throws -> Response {
        let form = try req.form(ProfileForm.self)
        _ = try await req.services.accounts.rename(try req.userID, name: form.name ?? "")
        return req.see(Paths.account, notice: "Your name is saved.")
    }

    struct EmailChangeForm: Content {
        var email: String?
        var currentPassword: String?
    }

    func changeEmail(req: Request) async throws -> Response {
        let form = try req.form(EmailChangeForm.self)
        try await req.services.accounts.requestEmailChange(
            try req.userID, email: form.email, currentPassword: form.currentPassword)
        return req.see(
            Paths.account + "#email",
            notice: "We sent a link to \(form.email ?? "the new address"). Your address changes once you open it.")
    }

    struct PasswordChangeForm: Content {
        var currentPassword: String?
        var newPassword: String?
    }

    func changePassword(req: Request) async throws -> Response {
        let form = try req.form(PasswordChangeForm.self)
        try await req.services.accounts.changePassword(
            try req.userID, current: form.currentPassword, new: form.newPassword, keeping: req.currentUser?.token)
        return req.see(
            Paths.account, notice: "Your password is changed. Every other session and API token was signed out.")
    }

    func resendVerification(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try await req.services.accounts.resendVerification(for: user.id)
        return req.see(
            ErrorPage.sameSiteReferer(req) ?? Paths.account,
            notice: "We sent a new verification link to \(user.email).")
    }

    struct TokenForm: Content {
        var name: String?
        var expiresInDays: Int?
    }

    func createToken(req: Request) async throws -> Response {
        let form = try req.form(TokenForm.self)
        let created = try await req.services.accounts.createAPIToken(
            for: try req.userID, name: form.name, expiresInDays: form.expiresInDays)
        let response = req.see(
            Paths.account + "#tokens", notice: "Your token “\(created.name)” is ready. Copy it now: it is shown once.")
        let payload = try JSONEncoder().encode(
            CreatedTokenVM(name: created.name, token: created.token, expires: Format.date(created.expiresAt)))
        response.cookies[Self.newTokenCookie] = HTTPCookies.Value(
            string: payload.base64EncodedString(), maxAge: 120, path: Paths.account,
            isSecure: req.application.stewardConfig.secureCookies, isHTTPOnly: true, sameSite: .strict)
        return response
    }

    func signOutOthers(req: Request) async throws -> Response {
        try await req.services.accounts.revokeOtherSessions(of: try req.userID, keeping: req.currentUser?.token)
        return req.see(Paths.account + "#sessions", notice: "Every other session and API token is signed out.")
    }

    func revokeSession(req: Request) async throws -> Response {
        let userID = try req.userID
        guard let raw = req.parameters.get("sessionId"), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound("That session")
        }
        try await req.services.accounts.revokeSession(id, of: userID)
        return req.see(Paths.account + "#sessions", notice: "Revoked: it no longer signs anyone in.")
    }

    // MARK: Two-factor

    struct TwoFactorVM: Encodable {
        var qrSVG: String
        var secret: String
        /// The secret in groups of four, easier to type.
        var secretGrouped: String
        var confirmPath = Paths.accountTwoFactorConfirm
        var cancelPath = Paths.account
        /// After confirming: the codes, shown once.
        var recoveryCodes: [String]?
    }

    func twoFactorPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if user.twoFactorEnabled { return req.see(Paths.account + "#two-factor") }
        let twoFactor = req.services.twoFactor
        let enrolment: TwoFactorEnrolment
        if let pending = try await twoFactor.pending(user.id) {
            enrolment = pending  // a reload keeps the secret an app may already have scanned
        } else {
            enrolment = try await twoFactor.start(user.id)
        }
        return try await req.page(
            "two_factor", title: "Set up two-factor sign-in",
            TwoFactorVM(
                qrSVG: enrolment.qrSVG, secret: enrolment.secret,
                secretGrouped: stride(from: 0, to: enrolment.secret.count, by: 4).map {
                    let start = enrolment.secret.index(enrolment.secret.startIndex, offsetBy: $0)
                    return String(enrolment.secret[start...].prefix(4))
                }.joined(separator: " ")))
    }

    struct CodeForm: Content { var code: String? }

    func confirmTwoFactor(req: Request) async throws -> Response {
        let form = try req.form(CodeForm.self)
        let codes = try await req.services.twoFactor.confirm(try req.userID, code: form.code)
        // Shown once, on this response: the codes are never stored in a readable form.
        return try await req.page(
            "two_factor", title: "Save your recovery codes",
            TwoFactorVM(qrSVG: "", secret: "", secretGrouped: "", recoveryCodes: codes))
    }

    func regenerateRecoveryCodes(req: Request) async throws -> Response {
        let form = try req.form(CodeForm.self)
        let codes = try await req.services.twoFactor.regenerateRecoveryCodes(try req.userID, code: form.code)
        return try await req.page(
            "two_factor", title: "Save your new recovery codes",
            TwoFactorVM(qrSVG: "", secret: "", secretGrouped: "", recoveryCodes: codes))
    }

    func disableTwoFactor(req: Request) async throws -> Response {
        let form = try req.form(CodeForm.self)
        try await req.services.twoFactor.disable(try req.userID, code: form.code)
        return req.see(Paths.account + "#two-factor", notice: "Two-factor sign-in is off.")
    }

    struct RequirementForm: Content { var required: String? }

    func setOrgRequirement(req: Request) async throws -> Response {
        let form = try req.form(RequirementForm.self)
        let org: OrgID = try req.id("orgId", "That organisation")
        let required = form.required == "true"
        _ = try await req.services.twoFactor.setRequirement(org, required: required, by: try req.userID)
        return req.see(
            Paths.org(org),
            notice: required
                ? "Two-factor sign-in is now required. Members without it keep their membership but can't open "
                    + "this organisation's workspaces until they turn it on."
                : "Two-factor sign-in is no longer required.")
    }
}
