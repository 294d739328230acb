import StewardCore
import StewardStore
import Vapor

struct InviteAPIController {
    func register(_ api: any RoutesBuilder) {
        api.get("me", "invites", use: myInvites)
        api.post("invites", ":inviteId", "resend", use: resend)
        api.delete("invites", ":inviteId", use: cancel)
        api.post("workspaces", ":id", "invite-links", use: createLink)
        api.get("workspaces", ":id", "invite-links", use: links)
        api.delete("invite-links", ":linkId", use: revokeLink)
        api.get("invitations", ":token", use: invitation)
        api.post("invitations", ":token", "accept", use: accept)
        api.post("invitations", ":token", "decline", use: decline)
        api.post("workspaces", ":id", "join", use: join)
        api.post("workspaces", ":id", "access-requests", use: requestAccess)
        api.get("workspaces", ":id", "access-requests", use: accessRequests)
        api.post("access-requests", ":requestId", "approve", use: approve)
        api.post("access-requests", ":requestId", "deny", use: deny)
        api.get("workspaces", ":id", "seats", use: seats)
        api.get("orgs", ":orgId", "overview", use: overview)
    }

    func myInvites(req: Request) async throws -> ItemsDTO<MyInviteDTO> {
        ItemsDTO(items: try await req.services.invites.mine(try req.userID).map(MyInviteDTO.init))
    }

    func resend(req: Request) async throws -> PendingInviteDTO {
        PendingInviteDTO(
            try await req.services.invites.resend(try req.uuidParameter("inviteId", "That invite"), by: try req.userID))
    }

    func cancel(req: Request) async throws -> HTTPStatus {
        try await req.services.invites.cancel(try req.uuidParameter("inviteId", "That invite"), by: try req.userID)
        return .noContent
    }

    func createLink(req: Request) async throws -> Response {
        let input = try req.input(LinkInput.self)
        let link = try await req.services.invites.createLink(
            in: try req.id("id", "That workspace"), role: input.role, expiresInDays: input.expiresInDays,
            maxUses: input.maxUses, by: try req.userID)
        return try await InviteLinkDTO(link).encodeResponse(status: .created, for: req)
    }

    func links(req: Request) async throws -> ItemsDTO<InviteLinkDTO> {
        let items = try await req.services.invites.links(
            in: try req.id("id", "That workspace"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, InviteLinkDTO.init)
    }

    func revokeLink(req: Request) async throws -> HTTPStatus {
        try await req.services.invites.revokeLink(try req.uuidParameter("linkId", "That link"), by: try req.userID)
        return .noContent
    }

    func invitation(req: Request) async throws -> InvitationDTO {
        InvitationDTO(try await req.services.invites.invitation(token: req.parameters.get("token") ?? ""))
    }

    func accept(req: Request) async throws -> AcceptDTO {
        AcceptDTO(try await req.services.invites.accept(token: req.parameters.get("token") ?? "", by: try req.userID))
    }

    func decline(req: Request) async throws -> HTTPStatus {
        try await req.services.invites.decline(token: req.parameters.get("token") ?? "", by: try req.userID)
        return .noContent
    }

    func join(req: Request) async throws -> WorkspaceDTO {
        WorkspaceDTO(try await req.services.access.join(try req.id("id", "That workspace"), by: try req.userID))
    }

    func requestAccess(req: Request) async throws -> Response {
        let input = try req.input(MessageInput.self)
        let (request, created) = try await req.services.access.request(
            try req.id("id", "That workspace"), message: input.message, by: try req.userID)
        return try await AccessRequestDTO(request).encodeResponse(status: created ? .created : .ok, for: req)
    }

    func accessRequests(req: Request) async throws -> ItemsDTO<AccessRequestDTO> {
        let items = try await req.services.access.requests(
            in: try req.id("id", "That workspace"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, AccessRequestDTO.init)
    }

    func approve(req: Request) async throws -> AccessRequestDTO {
        let input = try req.input(RoleInput.self)
        return AccessRequestDTO(
            try await req.services.access.approve(
                try req.uuidParameter("requestId", "That request"), role: input.role, by: try req.userID))
    }

    func deny(req: Request) async throws -> AccessRequestDTO {
        AccessRequestDTO(
            try await req.services.access.deny(try req.uuidParameter("requestId", "That request"), by: try req.userID))
    }

    func seats(req: Request) async throws -> SeatsDTO {
        SeatsDTO(try await req.services.access.seats(try req.id("id", "That workspace"), by: try req.userID))
    }

    func overview(req: Request) async throws -> OverviewDTO {
        OverviewDTO(
            try await req.services.access.overview(try req.id("orgId", "That organisation"), by: try req.userID))
    }
}
