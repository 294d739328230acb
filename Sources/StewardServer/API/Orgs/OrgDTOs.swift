import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Inputs: every field optional so a missing one is a 422 naming it, not a decoding 400.

struct OrgDTO: Content {
    var id: String
    var name: String
    var isPartner: Bool
    var myRole: OrgRole
    var billingAccountId: String?
    /// Members need two-factor sign-in to reach its workspaces (NOTES §12).
    var requiresTwoFactor: Bool
    init(_ ctx: OrgContext) {
        self.init(ctx.org, role: ctx.role)
    }
    init(_ org: Organisation, role: OrgRole) {
        id = org.id.description
        name = org.name
        isPartner = org.isPartner
        myRole = role
        billingAccountId = org.billingAccountID?.description
        requiresTwoFactor = org.requiresTwoFactor
    }
}

struct OrgRefDTO: Content {
    var id: String
    var name: String
}

struct DiscoveredWorkspaceDTO: Content {
    var id: String
    var name: String
    var org: OrgRefDTO
    var kind: WorkspaceKind
    var visibility: Visibility
    var myStatus: DiscoveryStatus
    var role: WorkspaceRole?
    var access: AccessSource?
    init(_ item: DiscoveredWorkspace) {
        id = item.workspace.id.description
        name = item.workspace.name
        org = OrgRefDTO(id: item.org.id.description, name: item.org.name)
        kind = item.workspace.kind
        visibility = item.workspace.visibility
        myStatus = item.status
        role = item.role
        access = item.access
    }
}
