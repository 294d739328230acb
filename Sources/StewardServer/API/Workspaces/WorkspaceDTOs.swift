import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Inputs: every field optional so a missing one is a 422 naming it, not a decoding 400.

struct WorkspaceDTO: Content {
    var id: String
    var name: String
    var orgId: String
    var kind: WorkspaceKind
    var visibility: Visibility
    var tier: Tier
    var billingAccountId: String?
    var myRole: WorkspaceRole
    /// "membership", or "organisation" for org admins/owners overseeing an open workspace.
    var access: AccessSource
    /// Only for the workspace's owners/admins and staff.
    var dataOwner: DataOwnerDTO?
    init(_ ctx: WorkspaceContext) {
        if let owner = ctx.workspace.dataOwner, PartnerRule.maySeeDataOwner(role: ctx.role, isStaff: ctx.user.isStaff) {
            dataOwner = DataOwnerDTO(owner)
        }
        id = ctx.workspace.id.description
        name = ctx.workspace.name
        orgId = ctx.workspace.orgID.description
        kind = ctx.workspace.kind
        visibility = ctx.workspace.visibility
        tier = ctx.tier
        billingAccountId = ctx.workspace.billingAccountID?.description
        myRole = ctx.role
        access = ctx.access.source
    }
}

struct DataOwnerDTO: Content {
    var clientOrgName: String
    var email: String
    var agreementAcceptedAt: Date
    var agreementAcceptedBy: String
    init(_ d: DataOwner) {
        clientOrgName = d.clientOrgName
        email = d.email
        agreementAcceptedAt = d.agreementAcceptedAt
        agreementAcceptedBy = d.agreementAcceptedBy.description
    }
}

struct MyWorkspaceDTO: Content {
    var id: String
    var name: String
    var org: OrgRefDTO
    var kind: WorkspaceKind
    var role: WorkspaceRole
    var access: AccessSource
    var isDataOwner: Bool
    var visibility: Visibility
    var myStatus: String
    init(_ item: MyWorkspace, user: User) {
        isDataOwner = PartnerRule.isDataOwner(
            userEmail: user.email, emailVerified: user.emailVerified, dataOwnerEmail: item.workspace.dataOwner?.email)
        id = item.workspace.id.description
        name = item.workspace.name
        org = OrgRefDTO(id: item.org.id.description, name: item.org.name)
        kind = item.workspace.kind
        role = item.access.role
        access = item.access.source
        visibility = item.workspace.visibility
        myStatus = "member"
    }
}

struct UsageDTO: Content {
    var seatsUsed: Int
    var pendingSeats: Int
    var observers: Int
    var byRole: [String: Int]
    var projects: Int
    var conversations: Int
    var tier: Tier
    init(_ u: Usage) {
        seatsUsed = u.seatsUsed
        pendingSeats = 0
        observers = u.observers
        byRole = Dictionary(uniqueKeysWithValues: WorkspaceRole.allCases.map { ($0.rawValue, u.byRole[$0] ?? 0) })
        projects = u.projects
        conversations = u.conversations
        tier = u.tier
    }
}

struct CreateWorkspaceInput: Content {
    struct ExternalClient: Content {
        var clientOrgName: String?
        var dataOwnerEmail: String?
        var partnerAgreementAccepted: Bool?
    }
    var name: String?
    var visibility: String?
    var externalClient: ExternalClient?
}

struct UpdateWorkspaceInput: Content {
    var name: String?
    var visibility: String?
}
