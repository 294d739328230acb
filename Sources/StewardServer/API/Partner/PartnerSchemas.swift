import StewardAPI
import StewardCore
import StewardStore

// The domain types are named with their module: inside these extensions the schema type of the
// same name would otherwise be the nearer match.

extension Components.Schemas.StaffOrg {
    init(_ item: StewardStore.StaffOrg) {
        self.init(
            id: item.org.id.description, name: item.org.name, isPartner: item.org.isPartner,
            partnerSetBy: item.partnerSetBy.map(Components.Schemas.User.init), partnerSetAt: item.partnerSetAt,
            billingAccountId: item.org.billingAccountID?.description, tier: item.tier.schema(), members: item.members,
            workspaces: item.workspaces.map(Components.Schemas.StaffWorkspace.init))
    }
}

extension Components.Schemas.StaffWorkspace {
    init(_ workspace: StewardCore.Workspace) {
        self.init(
            id: workspace.id.description, name: workspace.name, kind: workspace.kind.schema(),
            billingAccountId: workspace.billingAccountID?.description,
            // Staff may see the data-owner fields (NOTES §8); they are not content.
            dataOwner: workspace.dataOwner.map(Components.Schemas.DataOwner.init))
    }
}

extension Components.Schemas.ReferralDeal {
    init(_ deal: StewardStore.ReferralDeal) {
        self.init(
            id: deal.id.uuidString.lowercased(), partnerOrgId: deal.partnerOrgID.description,
            partnerOrgName: deal.partnerOrgName, clientWorkspaceId: deal.clientWorkspaceID.description,
            clientWorkspaceName: deal.clientWorkspaceName, kickbackPercent: deal.kickbackPercent,
            discountPercent: deal.discountPercent, kickbackCapEur: deal.kickbackCapEur, startsAt: deal.startsAt,
            expiresAt: deal.expiresAt, notes: deal.notes, isActive: deal.isActive)
    }
}

extension Components.Schemas.TransferPreview {
    init(_ preview: StewardStore.TransferPreview) {
        self.init(
            newOwner: .init(preview.newOwner),
            // The data owner proved their address; a handoff needs it (NOTES §12).
            newOwnerEmailVerified: preview.newOwner.emailVerified, targetOrgName: preview.targetOrgName,
            removed: preview.removed.map(Components.Schemas.User.init),
            keptAsExternal: preview.keptAsExternal.map(Components.Schemas.User.init),
            // Why the transfer would be refused as previewed; empty when it can go ahead.
            blockers: preview.blockers.map { .init(code: $0.code, detail: $0.detail) })
    }
}

extension Components.Schemas.OrgOverview {
    init(_ overview: StewardStore.OrgOverview) {
        self.init(
            members: overview.members.map(Components.Schemas.OverviewMember.init),
            workspaces: overview.workspaces.map {
                Components.Schemas.OverviewWorkspace(
                    id: $0.id.description, name: $0.name, kind: $0.kind.schema(), visibility: $0.visibility.schema())
            },
            accessRequests: overview.accessRequests.map(Components.Schemas.AccessRequest.init),
            pendingInvites: overview.pendingInvites.map(Components.Schemas.PendingInvite.init))
    }
}

extension Components.Schemas.OverviewMember {
    init(_ member: StewardStore.OrgOverview.Member) {
        self.init(
            user: Components.Schemas.User(member.user), orgRole: member.role?.schema(),
            workspaces: member.workspaceRoles.map {
                Components.Schemas.OverviewWorkspaceRole(
                    workspaceId: $0.workspace.id.description, workspaceName: $0.workspace.name, role: $0.role.schema())
            })
    }
}

extension ReferralDealFields {
    init(_ input: Components.Schemas.ReferralDealInput) {
        self.init(
            partnerOrgID: input.partnerOrgId, clientWorkspaceID: input.clientWorkspaceId,
            kickbackPercent: input.kickbackPercent, discountPercent: input.discountPercent,
            kickbackCapEur: input.kickbackCapEur, startsAt: input.startsAt, expiresAt: input.expiresAt,
            notes: input.notes)
    }

    /// Omitted fields keep their value.
    init(_ input: Components.Schemas.UpdateReferralDealInput) {
        self.init(
            partnerOrgID: input.partnerOrgId, clientWorkspaceID: input.clientWorkspaceId,
            kickbackPercent: input.kickbackPercent, discountPercent: input.discountPercent,
            kickbackCapEur: input.kickbackCapEur, startsAt: input.startsAt, expiresAt: input.expiresAt,
            notes: input.notes)
    }
}
