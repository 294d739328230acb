import Foundation
import StewardCore
import StewardStore
import Vapor

/// Actions on invites and access (NOTES §5, §6): re-send and cancel an invite, create and switch
/// off a link, decide access requests, join or ask to join a workspace. Each returns to the page it
/// came from.
struct InviteActionsWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.on(.createInviteLink, use: createLink)
        app.on(.revokeInviteLink, use: revokeLink)
        app.on(.resendInvite, use: resend)
        app.on(.cancelInvite, use: cancel)
        app.on(.joinWorkspace, use: join)
        app.on(.requestAccess, use: requestAccess)
        app.on(.approveAccessRequest, use: approve)
        app.on(.denyAccessRequest, use: deny)
    }

    func resend(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        let invite = try await req.services.invites.resend(
            try req.uuidParameter("inviteId", "That invite"), by: try req.userID)
        return req.see(
            req.returnPath(form),
            notice: "Invite to \(invite.email) sent again. The old link no longer works; "
                + "the new one is valid until \(Format.date(invite.expiresAt)).")
    }

    func cancel(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        try await req.services.invites.cancel(try req.uuidParameter("inviteId", "That invite"), by: try req.userID)
        return req.see(req.returnPath(form), notice: "Invite cancelled. Its link no longer works.")
    }

    func createLink(req: Request) async throws -> Response {
        let form = try req.form(ActionForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        let days = try ActionForm.number(form.expiresInDays, field: "expiresInDays")
        let maxUses = try ActionForm.number(form.maxUses, field: "maxUses")
        let link = try await req.services.invites.createLink(
            in: id, role: form.role, expiresInDays: days, maxUses: maxUses, by: try req.userID)
        let path = Paths.workspaceMembers(id)
        let outcome = InviteOutcome(
            path: path, results: [], details: [],
            link: .init(
                url: link.url ?? "", role: link.role.rawValue, expires: Format.date(link.expiresAt),
                maxUses: link.maxUses))
        return try await InviteOutcome.show(outcome, req) {
            try await MembersPages.page(req: $0, place: .workspace(id))
        }
    }

    func revokeLink(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        try await req.services.invites.revokeLink(try req.uuidParameter("linkId", "That link"), by: try req.userID)
        return req.see(req.returnPath(form), notice: "Invite link switched off. Nobody can join with it any more.")
    }

    func approve(req: Request) async throws -> Response {
        let form = try req.form(ActionForm.self)
        let request = try await req.services.access.approve(
            try req.uuidParameter("requestId", "That request"), role: form.role, by: try req.userID)
        return req.see(
            req.returnPath(form),
            notice: "\(request.requester.name) can now enter “\(request.workspaceName)”. They have been told.")
    }

    func deny(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        let request = try await req.services.access.deny(
            try req.uuidParameter("requestId", "That request"), by: try req.userID)
        return req.see(
            req.returnPath(form), notice: "Request from \(request.requester.name) denied. They have been told.")
    }

    func join(req: Request) async throws -> Response {
        let ctx = try await req.services.access.join(try req.id("id", "That workspace"), by: try req.userID)
        return req.see(
            Paths.workspace(ctx.workspace.id),
            notice: "You joined “\(ctx.workspace.name)” as \(ctx.role.rawValue).")
    }

    func requestAccess(req: Request) async throws -> Response {
        let form = try req.form(ActionForm.self)
        let (request, created) = try await req.services.access.request(
            try req.id("id", "That workspace"), message: form.message, by: try req.userID)
        return req.see(
            req.returnPath(form),
            notice: created
                ? "You asked to join “\(request.workspaceName)”. Its admins have been told and will decide."
                : "You already asked to join “\(request.workspaceName)”. The request is waiting for an admin.")
    }
}
