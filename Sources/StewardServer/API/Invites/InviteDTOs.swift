import StewardCore
import StewardStore
import Vapor

// Invites, links, invitations and access requests in JSON; inputs keep every field optional.

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
