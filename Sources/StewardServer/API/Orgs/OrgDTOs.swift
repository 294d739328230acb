import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Still used by the areas not yet served from the generated types (issue 11).

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
