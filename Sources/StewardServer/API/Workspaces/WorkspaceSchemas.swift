import StewardAPI
import StewardCore
import StewardStore

extension Components.Schemas.Workspace {
    init(_ ctx: WorkspaceContext) {
        var dataOwner: Components.Schemas.DataOwner?
        // Only the workspace's owners/admins and staff see who owns the data.
        if let owner = ctx.workspace.dataOwner, PartnerRule.maySeeDataOwner(role: ctx.role, isStaff: ctx.user.isStaff) {
            dataOwner = .init(owner)
        }
        self.init(
            id: ctx.workspace.id.description, name: ctx.workspace.name, orgId: ctx.workspace.orgID.description,
            kind: ctx.workspace.kind.schema(), visibility: ctx.workspace.visibility.schema(), tier: ctx.tier.schema(),
            billingAccountId: ctx.workspace.billingAccountID?.description, myRole: ctx.role.schema(),
            // "membership", or "organisation" for org admins/owners overseeing an open workspace.
            access: ctx.access.source.schema(), dataOwner: dataOwner)
    }
}

extension Components.Schemas.DataOwner {
    init(_ owner: DataOwner) {
        self.init(
            clientOrgName: owner.clientOrgName, email: owner.email, agreementAcceptedAt: owner.agreementAcceptedAt,
            agreementAcceptedBy: owner.agreementAcceptedBy.description)
    }
}
