import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Invites: resending and cancelling email invites, a workspace's invite links, and the
/// invitation page's read, accept and decline by token.
extension APIHandlers {
    func resendInvite(_ input: Operations.ResendInvite.Input) async throws -> Operations.ResendInvite.Output {
        let req = try APIRequest.request
        let invite = try await req.services.invites.resend(
            try APIInput.uuid(input.path.inviteId, "That invite"), by: try req.userID)
        return .ok(.init(body: .json(.init(invite))))
    }

    func cancelInvite(_ input: Operations.CancelInvite.Input) async throws -> Operations.CancelInvite.Output {
        let req = try APIRequest.request
        try await req.services.invites.cancel(try APIInput.uuid(input.path.inviteId, "That invite"), by: try req.userID)
        return .noContent(.init())
    }

    func createInviteLink(_ input: Operations.CreateInviteLink.Input) async throws
        -> Operations.CreateInviteLink.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let link = try await req.services.invites.createLink(
            in: try APIInput.id(input.path.id, "That workspace"), role: body.role.rawValue,
            expiresInDays: body.expiresInDays, maxUses: body.maxUses, by: try req.userID)
        return .created(.init(body: .json(.init(link))))
    }

    func listInviteLinks(_ input: Operations.ListInviteLinks.Input) async throws
        -> Operations.ListInviteLinks.Output
    {
        let req = try APIRequest.request
        let page = try await req.services.invites.links(
            in: try APIInput.id(input.path.id, "That workspace"),
            page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor), by: try req.userID)
        return .ok(
            .init(
                body: .json(.init(items: page.items.map(Components.Schemas.InviteLink.init), nextCursor: .init(page)))))
    }

    func revokeInviteLink(_ input: Operations.RevokeInviteLink.Input) async throws
        -> Operations.RevokeInviteLink.Output
    {
        let req = try APIRequest.request
        try await req.services.invites.revokeLink(try APIInput.uuid(input.path.linkId, "That link"), by: try req.userID)
        return .noContent(.init())
    }

    /// Public: the invitation page shows what the token is for before anyone signs in.
    func getInvitation(_ input: Operations.GetInvitation.Input) async throws -> Operations.GetInvitation.Output {
        let req = try APIRequest.request
        let view = try await req.services.invites.invitation(token: input.path.token)
        return .ok(.init(body: .json(.init(view))))
    }

    func acceptInvitation(_ input: Operations.AcceptInvitation.Input) async throws
        -> Operations.AcceptInvitation.Output
    {
        let req = try APIRequest.request
        let result = try await req.services.invites.accept(token: input.path.token, by: try req.userID)
        return .ok(.init(body: .json(.init(result))))
    }

    func declineInvitation(_ input: Operations.DeclineInvitation.Input) async throws
        -> Operations.DeclineInvitation.Output
    {
        let req = try APIRequest.request
        try await req.services.invites.decline(token: input.path.token, by: try req.userID)
        return .noContent(.init())
    }
}
