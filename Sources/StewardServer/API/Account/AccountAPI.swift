import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Accounts over the API (API.md "Accounts", NOTES §12): registering and signing in, proving the
/// address, resetting and changing the password, and the signed-in person's own account.
/// Sessions, personal tokens and two-factor are in AccountAPI+Security.swift.
extension APIHandlers {
    // MARK: Signing in

    func register(_ input: Operations.Register.Input) async throws -> Operations.Register.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let (user, token) = try await req.services.accounts.register(
            email: body.email, password: body.password, name: body.name, client: req.signInClient, tokenKind: .api)
        return .created(.init(body: .json(.init(user: .init(user), token: token))))
    }

    func login(_ input: Operations.Login.Input) async throws -> Operations.Login.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let result = try await req.services.accounts.login(
            email: body.email, password: body.password, otp: body.otp, client: req.signInClient, tokenKind: .api)
        guard case .signedIn(let user, let token) = result else { throw DomainError.otpRequired }
        return .ok(.init(body: .json(.init(user: .init(user), token: token))))
    }

    func logout(_ input: Operations.Logout.Input) async throws -> Operations.Logout.Output {
        let req = try APIRequest.request
        guard let current = req.currentUser else { throw DomainError.unauthenticated }
        try await req.services.accounts.logout(token: current.token)
        return .noContent(.init())
    }

    // MARK: Address and password

    func verifyEmail(_ input: Operations.VerifyEmail.Input) async throws -> Operations.VerifyEmail.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let user = try await req.services.accounts.verifyEmail(token: body.token)
        return .ok(.init(body: .json(.init(user: .init(user)))))
    }

    func resendVerificationEmail(_ input: Operations.ResendVerificationEmail.Input) async throws
        -> Operations.ResendVerificationEmail.Output
    {
        let req = try APIRequest.request
        try await req.services.accounts.resendVerification(for: try req.userID)
        return .accepted(.init())
    }

    func requestPasswordReset(_ input: Operations.RequestPasswordReset.Input) async throws
        -> Operations.RequestPasswordReset.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        try await req.services.accounts.requestPasswordReset(email: body.email, clientAddress: req.clientKey)
        return .accepted(.init())
    }

    func confirmPasswordReset(_ input: Operations.ConfirmPasswordReset.Input) async throws
        -> Operations.ConfirmPasswordReset.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        try await req.services.accounts.confirmPasswordReset(token: body.token, password: body.password)
        return .noContent(.init())
    }

    // MARK: My account

    func getMe(_ input: Operations.GetMe.Input) async throws -> Operations.GetMe.Output {
        let req = try APIRequest.request
        let user = try req.requireUser()
        let me = Components.Schemas.Me(user, pendingEmail: try await req.services.accounts.pendingEmail(of: user))
        return .ok(.init(body: .json(me)))
    }

    func updateMe(_ input: Operations.UpdateMe.Input) async throws -> Operations.UpdateMe.Output {
        let req = try APIRequest.request
        let userID = try req.userID
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.UpdateMeInput()
            }
        let user = try await req.services.accounts.rename(userID, name: body.name)
        let me = Components.Schemas.Me(user, pendingEmail: try await req.services.accounts.pendingEmail(of: user))
        return .ok(.init(body: .json(me)))
    }

    func changePassword(_ input: Operations.ChangePassword.Input) async throws -> Operations.ChangePassword.Output {
        let req = try APIRequest.request
        let userID = try req.userID
        let body =
            switch input.body {
            case .json(let body): body
            }
        // The session or token this request came with stays signed in; every other one ends.
        try await req.services.accounts.changePassword(
            userID, current: body.currentPassword, new: body.newPassword, keeping: req.currentUser?.token)
        return .noContent(.init())
    }

    func changeEmail(_ input: Operations.ChangeEmail.Input) async throws -> Operations.ChangeEmail.Output {
        let req = try APIRequest.request
        let userID = try req.userID
        let body =
            switch input.body {
            case .json(let body): body
            }
        try await req.services.accounts.requestEmailChange(
            userID, email: body.email, currentPassword: body.currentPassword)
        return .accepted(.init())
    }
}
