import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// The account's sessions and personal API tokens, two-factor sign-in (and an organisation's rule
/// that its members use it), and the email invites addressed to the account.
extension APIHandlers {
    // MARK: Sessions and tokens

    func listMySessions(_ input: Operations.ListMySessions.Input) async throws -> Operations.ListMySessions.Output {
        let req = try APIRequest.request
        let userID = try req.userID
        let page = try await req.services.accounts.sessions(
            of: userID, page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor),
            current: req.currentUser?.token)
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.Session.init), nextCursor: .init(page))))
        )
    }

    func revokeSession(_ input: Operations.RevokeSession.Input) async throws -> Operations.RevokeSession.Output {
        let req = try APIRequest.request
        let userID = try req.userID
        let id = try APIInput.uuid(input.path.sessionId, "That session")
        try await req.services.accounts.revokeSession(id, of: userID)
        return .noContent(.init())
    }

    func revokeOtherSessions(_ input: Operations.RevokeOtherSessions.Input) async throws
        -> Operations.RevokeOtherSessions.Output
    {
        let req = try APIRequest.request
        try await req.services.accounts.revokeOtherSessions(of: try req.userID, keeping: req.currentUser?.token)
        return .noContent(.init())
    }

    func createAPIToken(_ input: Operations.CreateAPIToken.Input) async throws -> Operations.CreateAPIToken.Output {
        let req = try APIRequest.request
        let userID = try req.userID
        let body =
            switch input.body {
            case .json(let body): body
            }
        let created = try await req.services.accounts.createAPIToken(
            for: userID, name: body.name, expiresInDays: body.expiresInDays)
        return .created(.init(body: .json(.init(created))))
    }

    // MARK: Two-factor

    func startTwoFactor(_ input: Operations.StartTwoFactor.Input) async throws -> Operations.StartTwoFactor.Output {
        let req = try APIRequest.request
        let enrolment = try await req.services.twoFactor.start(try req.userID)
        return .ok(.init(body: .json(.init(enrolment))))
    }

    func confirmTwoFactor(_ input: Operations.ConfirmTwoFactor.Input) async throws
        -> Operations.ConfirmTwoFactor.Output
    {
        let req = try APIRequest.request
        let userID = try req.userID
        let body =
            switch input.body {
            case .json(let body): body
            }
        let codes = try await req.services.twoFactor.confirm(userID, code: body.code)
        return .ok(.init(body: .json(.init(recoveryCodes: codes))))
    }

    func disableTwoFactor(_ input: Operations.DisableTwoFactor.Input) async throws
        -> Operations.DisableTwoFactor.Output
    {
        let req = try APIRequest.request
        let userID = try req.userID
        let body =
            switch input.body {
            case .json(let body): body
            }
        try await req.services.twoFactor.disable(userID, code: body.code)
        return .noContent(.init())
    }

    func regenerateRecoveryCodes(_ input: Operations.RegenerateRecoveryCodes.Input) async throws
        -> Operations.RegenerateRecoveryCodes.Output
    {
        let req = try APIRequest.request
        let userID = try req.userID
        let body =
            switch input.body {
            case .json(let body): body
            }
        let codes = try await req.services.twoFactor.regenerateRecoveryCodes(userID, code: body.code)
        return .ok(.init(body: .json(.init(recoveryCodes: codes))))
    }

    func setOrgTwoFactorRequirement(_ input: Operations.SetOrgTwoFactorRequirement.Input) async throws
        -> Operations.SetOrgTwoFactorRequirement.Output
    {
        let req = try APIRequest.request
        let userID = try req.userID
        let org = try APIInput.id(input.path.orgId, "That organisation") as OrgID
        let body =
            switch input.body {
            case .json(let body): body
            }
        let ctx = try await req.services.twoFactor.setRequirement(org, required: body.required, by: userID)
        return .ok(.init(body: .json(.init(ctx))))
    }

    // MARK: Invites

    func listMyInvites(_ input: Operations.ListMyInvites.Input) async throws -> Operations.ListMyInvites.Output {
        let req = try APIRequest.request
        let invites = try await req.services.invites.mine(try req.userID)
        // Not paged: the list leaves `nextCursor` out.
        return .ok(.init(body: .json(.init(items: invites.map(Components.Schemas.MyInvite.init)))))
    }
}
