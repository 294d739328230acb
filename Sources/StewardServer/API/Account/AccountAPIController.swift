import Foundation
import StewardCore
import StewardStore
import Vapor

/// Accounts over the API (API.md "Accounts", NOTES §12): registering and signing in, proving the
/// address, resetting and changing the password, sessions and personal tokens, two-factor.
struct AccountAPIController {
    func register(_ api: any RoutesBuilder) {
        api.post("auth", "register", use: register)
        api.post("auth", "login", use: login)
        api.post("auth", "logout", use: logout)
        api.post("auth", "verify-email", use: verifyEmail)
        api.post("auth", "verify-email", "resend", use: resendVerification)
        api.post("auth", "password-reset", use: requestPasswordReset)
        api.post("auth", "password-reset", "confirm", use: confirmPasswordReset)
        api.get("me", use: me)
        api.patch("me", use: updateMe)
        api.post("me", "password", use: changePassword)
        api.post("me", "email", use: changeEmail)
        api.get("me", "sessions", use: sessions)
        api.delete("me", "sessions", use: revokeOtherSessions)
        api.delete("me", "sessions", ":sessionId", use: revokeSession)
        api.post("me", "tokens", use: createToken)
        api.post("me", "two-factor", use: startTwoFactor)
        api.post("me", "two-factor", "confirm", use: confirmTwoFactor)
        api.delete("me", "two-factor", use: disableTwoFactor)
        api.post("me", "two-factor", "recovery-codes", use: regenerateRecoveryCodes)
        api.put("orgs", ":orgId", "two-factor-requirement", use: setTwoFactorRequirement)
    }

    struct TokenInput: Content { var token: String? }
    struct EmailInput: Content { var email: String? }
    struct ResetConfirmInput: Content {
        var token: String?
        var password: String?
    }
    struct PasswordChangeInput: Content {
        var currentPassword: String?
        var newPassword: String?
    }
    struct EmailChangeInput: Content {
        var email: String?
        var currentPassword: String?
    }
    struct NewTokenInput: Content {
        var name: String?
        var expiresInDays: Int?
    }
    struct CodeInput: Content { var code: String? }
    struct RequirementInput: Content { var required: Bool? }

    struct VerifiedDTO: Content { var user: MeDTO }
    struct SessionDTO: Content {
        var id: String
        var kind: String
        var name: String?
        var device: String?
        var createdAt: Date
        var lastUsedAt: Date?
        var expiresAt: Date
        var current: Bool
        init(_ s: AccountSession) {
            id = s.id.uuidString.lowercased()
            kind = s.kind.rawValue
            name = s.name
            device = s.device
            createdAt = s.createdAt
            lastUsedAt = s.lastUsedAt
            expiresAt = s.expiresAt
            current = s.current
        }
    }
    struct CreatedTokenDTO: Content {
        var id: String
        var name: String
        var token: String
        var expiresAt: Date
    }
    struct EnrolmentDTO: Content {
        var secret: String
        var otpauthUrl: String
        var qrSvg: String
    }
    struct RecoveryCodesDTO: Content { var recoveryCodes: [String] }

    // MARK: Signing in

    func register(req: Request) async throws -> Response {
        let input = try req.input(RegisterInput.self)
        let (user, token) = try await req.services.accounts.register(
            email: input.email, password: input.password, name: input.name, client: req.signInClient, tokenKind: .api)
        return try await AuthDTO(user: MeDTO(user), token: token).encodeResponse(status: .created, for: req)
    }

    func login(req: Request) async throws -> AuthDTO {
        let input = try req.input(LoginInput.self)
        let result = try await req.services.accounts.login(
            email: input.email, password: input.password, otp: input.otp, client: req.signInClient, tokenKind: .api)
        guard case .signedIn(let user, let token) = result else { throw DomainError.otpRequired }
        return AuthDTO(user: MeDTO(user), token: token)
    }

    func logout(req: Request) async throws -> HTTPStatus {
        guard let current = req.currentUser else { throw DomainError.unauthenticated }
        try await req.services.accounts.logout(token: current.token)
        return .noContent
    }

    // MARK: Address and password

    func verifyEmail(req: Request) async throws -> VerifiedDTO {
        let input = try req.input(TokenInput.self)
        return VerifiedDTO(user: MeDTO(try await req.services.accounts.verifyEmail(token: input.token)))
    }

    func resendVerification(req: Request) async throws -> HTTPStatus {
        try await req.services.accounts.resendVerification(for: try req.userID)
        return .accepted
    }

    func requestPasswordReset(req: Request) async throws -> HTTPStatus {
        let input = try req.input(EmailInput.self)
        try await req.services.accounts.requestPasswordReset(email: input.email, clientAddress: req.clientKey)
        return .accepted
    }

    func confirmPasswordReset(req: Request) async throws -> HTTPStatus {
        let input = try req.input(ResetConfirmInput.self)
        try await req.services.accounts.confirmPasswordReset(token: input.token, password: input.password)
        return .noContent
    }

    // MARK: My account

    func me(req: Request) async throws -> MeDTO {
        let user = try req.requireUser()
        return MeDTO(user, pendingEmail: try await req.services.accounts.pendingEmail(of: user))
    }

    func updateMe(req: Request) async throws -> MeDTO {
        let userID = try req.userID
        let input = try req.input(NameInput.self)
        let user = try await req.services.accounts.rename(userID, name: input.name)
        return MeDTO(user, pendingEmail: try await req.services.accounts.pendingEmail(of: user))
    }

    func changePassword(req: Request) async throws -> HTTPStatus {
        let userID = try req.userID
        let input = try req.input(PasswordChangeInput.self)
        try await req.services.accounts.changePassword(
            userID, current: input.currentPassword, new: input.newPassword, keeping: req.currentUser?.token)
        return .noContent
    }

    func changeEmail(req: Request) async throws -> HTTPStatus {
        let userID = try req.userID
        let input = try req.input(EmailChangeInput.self)
        try await req.services.accounts.requestEmailChange(
            userID, email: input.email, currentPassword: input.currentPassword)
        return .accepted
    }

    // MARK: Sessions and tokens

    func sessions(req: Request) async throws -> ItemsDTO<SessionDTO> {
        let userID = try req.userID
        let page = try await req.services.accounts.sessions(
            of: userID, page: try req.pageQuery(), current: req.currentUser?.token)
        return ItemsDTO(page, SessionDTO.init)
    }

    func revokeSession(req: Request) async throws -> HTTPStatus {
        let userID = try req.userID
        guard let raw = req.parameters.get("sessionId"), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound("That session")
        }
        try await req.services.accounts.revokeSession(id, of: userID)
        return .noContent
    }

    func revokeOtherSessions(req: Request) async throws -> HTTPStatus {
        try await req.services.accounts.revokeOtherSessions(of: try req.userID, keeping: req.currentUser?.token)
        return .noContent
    }

    func createToken(req: Request) async throws -> Response {
        let userID = try req.userID
        let input = try req.input(NewTokenInput.self)
        let created = try await req.services.accounts.createAPIToken(
            for: userID, name: input.name, expiresInDays: input.expiresInDays)
        return try await CreatedTokenDTO(
            id: created.id.uuidString.lowercased(), name: created.name, token: created.token,
            expiresAt: created.expiresAt
        ).encodeResponse(status: .created, for: req)
    }

    // MARK: Two-factor

    func startTwoFactor(req: Request) async throws -> EnrolmentDTO {
        let enrolment = try await req.services.twoFactor.start(try req.userID)
        return EnrolmentDTO(secret: enrolment.secret, otpauthUrl: enrolment.otpauthURL, qrSvg: enrolment.qrSVG)
    }

    func confirmTwoFactor(req: Request) async throws -> RecoveryCodesDTO {
        let userID = try req.userID
        let input = try req.input(CodeInput.self)
        return RecoveryCodesDTO(recoveryCodes: try await req.services.twoFactor.confirm(userID, code: input.code))
    }

    func disableTwoFactor(req: Request) async throws -> HTTPStatus {
        let userID = try req.userID
        let input = try req.input(CodeInput.self)
        try await req.services.twoFactor.disable(userID, code: input.code)
        return .noContent
    }

    func regenerateRecoveryCodes(req: Request) async throws -> RecoveryCodesDTO {
        let userID = try req.userID
        let input = try req.input(CodeInput.self)
        return RecoveryCodesDTO(
            recoveryCodes: try await req.services.twoFactor.regenerateRecoveryCodes(userID, code: input.code))
    }

    func setTwoFactorRequirement(req: Request) async throws -> OrgDTO {
        let userID = try req.userID
        let org = try req.id("orgId", "That organisation") as OrgID
        let input = try req.input(RequirementInput.self)
        return OrgDTO(try await req.services.twoFactor.setRequirement(org, required: input.required, by: userID))
    }
}
