import StewardCore
import StewardStore
import Vapor

// Invites, invite links, invitations, access requests, discovery, seats and the org matrix.

struct PendingInviteDTO: Content {
    var id: String
    var email: String
    var role: String
    var scope: String
    var workspaceId: String?
    var orgId: String
    var invitedBy: UserDTO?
    var createdAt: Date
    var expiresAt: Date
    var status: InvitationStatus
    var reservesSeat: Bool
    init(_ i: PendingInvite) {
        id = i.id.uuidString.lowercased()
        email = i.email
        role = i.role
        scope = i.scope
        workspaceId = i.workspaceID?.description
        orgId = i.orgID.description
        invitedBy = i.invitedBy.map(UserDTO.init)
        createdAt = i.createdAt
        expiresAt = i.expiresAt
        status = i.status
        reservesSeat = i.reservesSeat
    }
}

struct InviteLinkDTO: Content {
    var id: String
    var url: String?
    var role: WorkspaceRole
    var expiresAt: Date
    var maxUses: Int?
    var uses: Int
    var createdBy: UserDTO?
    var status: InvitationStatus
    init(_ l: InviteLink) {
        id = l.id.uuidString.lowercased()
        url = l.url
        role = l.role
        expiresAt = l.expiresAt
        maxUses = l.maxUses
        uses = l.uses
        createdBy = l.createdBy.map(UserDTO.init)
        status = l.status
    }

    enum CodingKeys: String, CodingKey { case id, url, role, expiresAt, maxUses, uses, createdBy, status }

    /// `maxUses` is always present (API.md): `null` means no limit.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encodeIfPresent(url, forKey: .url)
        try c.encode(role, forKey: .role)
        try c.encode(expiresAt, forKey: .expiresAt)
        try c.encode(maxUses, forKey: .maxUses)
        try c.encode(uses, forKey: .uses)
        try c.encodeIfPresent(createdBy, forKey: .createdBy)
        try c.encode(status, forKey: .status)
    }
}

struct InvitationDTO: Content {
    var status: InvitationStatus
    var kind: String
    var scope: String
    var name: String
    var role: String
    var email: String?
    var invitedBy: String?
    var expiresAt: Date
    init(_ v: InvitationView) {
        status = v.status
        kind = v.kind
        scope = v.scope
        name = v.name
        role = v.role
        email = v.email
        invitedBy = v.inviterName
        expiresAt = v.expiresAt
    }
}

struct AcceptDTO: Content {
    var outcome: AddOutcome
    var role: String
    var workspaceId: String?
    var orgId: String?
    init(_ r: AcceptResult) {
        outcome = r.outcome
        role = r.role
        workspaceId = r.workspaceID?.description
        orgId = r.workspaceID == nil ? r.orgID.description : nil
    }
}

struct MyInviteDTO: Content {
    var id: String
    var token: String
    var scope: String
    var name: String
    var role: String
    var invitedBy: String?
    var expiresAt: Date
    init(_ i: MyInvite) {
        id = i.id.uuidString.lowercased()
        token = i.token
        scope = i.scope
        name = i.name
        role = i.role
        invitedBy = i.invitedBy
        expiresAt = i.expiresAt
    }
}

struct AccessRequestDTO: Content {
    var id: String
    var workspaceId: String
    var workspaceName: String
    var user: UserDTO
    var message: String
    var status: String
    var createdAt: Date
    init(_ r: AccessRequest) {
        id = r.id.uuidString.lowercased()
        workspaceId = r.workspaceID.description
        workspaceName = r.workspaceName
        user = UserDTO(r.requester)
        message = r.message
        status = r.status
        createdAt = r.createdAt
    }
}

struct SeatsDTO: Content {
    var seatsUsed: Int
    var pendingSeats: Int
    var observers: Int
    var total: Int
    var byRole: [String: Int]
    init(_ s: SeatCount) {
        seatsUsed = s.seatsUsed
        pendingSeats = s.pendingSeats
        observers = s.observers
        total = s.total
        byRole = Dictionary(uniqueKeysWithValues: WorkspaceRole.allCases.map { ($0.rawValue, s.byRole[$0] ?? 0) })
    }
}

struct OverviewDTO: Content {
    struct Member: Content {
        struct WorkspaceRoleDTO: Content {
            var workspaceId: String
            var workspaceName: String
            var role: WorkspaceRole
        }
        var user: UserDTO
        var orgRole: OrgRole?
        var workspaces: [WorkspaceRoleDTO]
    }
    struct WorkspaceItem: Content {
        var id: String
        var name: String
        var kind: WorkspaceKind
        var visibility: Visibility
    }
    var members: [Member]
    var workspaces: [WorkspaceItem]
    var accessRequests: [AccessRequestDTO]
    var pendingInvites: [PendingInviteDTO]
    init(_ o: OrgOverview) {
        members = o.members.map { m in
            Member(
                user: UserDTO(m.user), orgRole: m.role,
                workspaces: m.workspaceRoles.map {
                    .init(workspaceId: $0.workspace.id.description, workspaceName: $0.workspace.name, role: $0.role)
                })
        }
        workspaces = o.workspaces.map {
            WorkspaceItem(id: $0.id.description, name: $0.name, kind: $0.kind, visibility: $0.visibility)
        }
        accessRequests = o.accessRequests.map(AccessRequestDTO.init)
        pendingInvites = o.pendingInvites.map(PendingInviteDTO.init)
    }
}

struct LinkInput: Content {
    var role: String?
    var expiresInDays: Int?
    var maxUses: Int?
}
struct MessageInput: Content { var message: String? }

struct InviteAPIController {
    func register(_ api: any RoutesBuilder) {
        api.get("me", "invites", use: myInvites)
        api.get("workspaces", ":id", "invites", use: workspaceInvites)
        api.get("orgs", ":orgId", "invites", use: orgInvites)
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

    private func uuid(_ req: Request, _ name: String, _ what: String) throws -> UUID {
        guard let raw = req.parameters.get(name), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound(what)
        }
        return id
    }

    func myInvites(req: Request) async throws -> ItemsDTO<MyInviteDTO> {
        ItemsDTO(items: try await req.services.invites.mine(try req.userID).map(MyInviteDTO.init))
    }

    func workspaceInvites(req: Request) async throws -> ItemsDTO<PendingInviteDTO> {
        let items = try await req.services.invites.pending(
            inWorkspace: try req.id("id", "That workspace"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, PendingInviteDTO.init)
    }

    func orgInvites(req: Request) async throws -> ItemsDTO<PendingInviteDTO> {
        let items = try await req.services.invites.pending(
            inOrg: try req.id("orgId", "That organisation"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, PendingInviteDTO.init)
    }

    func resend(req: Request) async throws -> PendingInviteDTO {
        PendingInviteDTO(
            try await req.services.invites.resend(try uuid(req, "inviteId", "That invite"), by: try req.userID))
    }

    func cancel(req: Request) async throws -> HTTPStatus {
        try await req.services.invites.cancel(try uuid(req, "inviteId", "That invite"), by: try req.userID)
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
        try await req.services.invites.revokeLink(try uuid(req, "linkId", "That link"), by: try req.userID)
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
                try uuid(req, "requestId", "That request"), role: input.role, by: try req.userID))
    }

    func deny(req: Request) async throws -> AccessRequestDTO {
        AccessRequestDTO(
            try await req.services.access.deny(try uuid(req, "requestId", "That request"), by: try req.userID))
    }

    func seats(req: Request) async throws -> SeatsDTO {
        SeatsDTO(try await req.services.access.seats(try req.id("id", "That workspace"), by: try req.userID))
    }

    func overview(req: Request) async throws -> OverviewDTO {
        OverviewDTO(
            try await req.services.access.overview(try req.id("orgId", "That organisation"), by: try req.userID))
    }
}
