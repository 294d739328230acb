import StewardAPI
import StewardCore
import StewardStore

extension Components.Schemas.Org {
    init(_ ctx: OrgContext) { self.init(ctx.org, role: ctx.role) }

    init(_ org: Organisation, role: OrgRole) {
        self.init(
            id: org.id.description, name: org.name, isPartner: org.isPartner, myRole: role.schema(),
            billingAccountId: org.billingAccountID?.description,
            // Members need two-factor sign-in to reach its workspaces (NOTES §12).
            requiresTwoFactor: org.requiresTwoFactor)
    }
}

extension Components.Schemas.DiscoveredWorkspace {
    init(_ item: DiscoveredWorkspace) {
        self.init(
            id: item.workspace.id.description, name: item.workspace.name, org: .init(item.org),
            kind: item.workspace.kind.schema(), visibility: item.workspace.visibility.schema(),
            myStatus: item.status.schema(), role: item.role?.schema(), access: item.access?.schema())
    }
}
