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

extension Components.Schemas.MyWorkspace {
    /// One of your workspaces; you are a member of every one, so `myStatus` is always "member".
    init(_ item: MyWorkspace, user: User) {
        self.init(
            id: item.workspace.id.description, name: item.workspace.name, org: .init(item.org),
            kind: item.workspace.kind.schema(), role: item.access.role.schema(), access: item.access.source.schema(),
            isDataOwner: PartnerRule.isDataOwner(
                userEmail: user.email, emailVerified: user.emailVerified,
                dataOwnerEmail: item.workspace.dataOwner?.email),
            visibility: item.workspace.visibility.schema(), myStatus: .member)
    }
}

extension Components.Schemas.Usage {
    init(_ usage: Usage) {
        self.init(
            seatsUsed: usage.seatsUsed,
            // Reserved seats are counted per billing account (the seats operation), not here.
            pendingSeats: 0, observers: usage.observers,
            byRole: .init(
                observer: usage.byRole[.observer] ?? 0, external: usage.byRole[.external] ?? 0,
                member: usage.byRole[.member] ?? 0, billing: usage.byRole[.billing] ?? 0,
                admin: usage.byRole[.admin] ?? 0, owner: usage.byRole[.owner] ?? 0),
            projects: usage.projects, conversations: usage.conversations, tier: usage.tier.schema())
    }
}

extension Components.Schemas.Seats {
    init(_ seats: SeatCount) {
        self.init(
            seatsUsed: seats.seatsUsed, pendingSeats: seats.pendingSeats, observers: seats.observers,
            total: seats.total, byRole: .init(seats.byRole))
    }
}

extension Components.Schemas.RoleCounts {
    /// Every workspace role, 0 where nobody holds it.
    init(_ byRole: [WorkspaceRole: Int]) {
        self.init(
            observer: byRole[.observer] ?? 0, external: byRole[.external] ?? 0, member: byRole[.member] ?? 0,
            billing: byRole[.billing] ?? 0, admin: byRole[.admin] ?? 0, owner: byRole[.owner] ?? 0)
    }
}
