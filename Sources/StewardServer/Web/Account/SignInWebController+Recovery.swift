import StewardCore
import StewardStore
import Vapor

/// Forgotten passwords and address verification links.
extension SignInWebController {
    struct ResetRequestVM: Encodable {
        var action = Paths.resetPassword
        var email: String
        /// The request went through: "check your inbox".
        var requested: Bool
        var loginPath = Paths.login()
    }

    func resetRequestPage(req: Request) async throws -> Response {
        try await req.page(
            "reset_request", title: "Reset your password",
            ResetRequestVM(email: req.query[String.self, at: "email"] ?? "", requested: false))
    }

    struct EmailForm: Content { var email: String? }

    func resetRequest(req: Request) async throws -> Response {
        let form = try req.form(EmailForm.self)
        try await req.services.accounts.requestPasswordReset(email: form.email, clientAddress: req.clientKey)
        return try await req.page(
            "reset_request", title: "Check your inbox", ResetRequestVM(email: form.email ?? "", requested: true))
    }

    struct ResetVM: Encodable {
        var action: String
        /// Why the link cannot be used, instead of the form.
        var problem: String?
        var requestPath = Paths.resetPassword
    }

    func resetPage(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        do {
            try await req.services.accounts.checkPasswordReset(token: token)
            return try await req.page(
                "reset_password", title: "Choose a new password", ResetVM(action: Paths.resetPassword(token)))
        } catch let error as DomainError where error.kind == .gone || error.kind == .notFound {
            let problem = error.kind == .notFound ? "This reset link is not valid. Ask for a new one." : error.detail
            return try await req.page(
                "reset_password", title: "Reset link", ResetVM(action: "", problem: problem),
                status: error.kind == .gone ? .gone : .notFound)
        }
    }

    struct PasswordForm: Content { var password: String? }

    func reset(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let form = try req.form(PasswordForm.self)
        try await req.services.accounts.confirmPasswordReset(token: token, password: form.password)
        let response = req.see(
            Paths.login(), notice: "Your password is changed and every session was signed out. Sign in with it now.")
        response.cookies[SessionCookie.name] = .expired
        return response
    }

    struct VerifyVM: Encodable {
        var verified: Bool
        var email: String?
        var message: String
        var continuePath: String
        var continueLabel: String
        /// Signed in and still unverified: a new link can be sent from here.
        var resendPath: String?
    }

    func verifyEmail(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let signedIn = req.currentUser != nil
        let continuePath = signedIn ? Paths.workspaces : Paths.login()
        let continueLabel = signedIn ? "Go to your workspaces" : "Sign in"
        do {
            let user = try await req.services.accounts.verifyEmail(token: token)
            return try await req.page(
                "verify_email", title: "Email address verified",
                VerifyVM(
                    verified: true, email: user.email,
                    message: "Your email address \(user.email) is verified. Invitations to it now reach you.",
                    continuePath: continuePath, continueLabel: continueLabel))
        } catch let error as DomainError where [.gone, .notFound, .conflict].contains(error.kind) {
            let message = error.kind == .notFound ? "This verification link is not valid." : error.detail
            let unverified = req.currentUser.map { !$0.user.emailVerified } ?? false
            return try await req.page(
                "verify_email", title: "Verification link",
                VerifyVM(
                    verified: false, email: nil, message: message, continuePath: continuePath,
                    continueLabel: continueLabel, resendPath: unverified ? Paths.accountVerifyResend : nil),
                status: error.kind == .gone ? .gone : error.kind == .conflict ? .conflict : .notFound)
        }
    }
}
