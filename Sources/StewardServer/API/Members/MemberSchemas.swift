import StewardAPI
import StewardCore
import StewardStore

extension Components.Schemas.OrgMember {
    init(_ member: Member) {
        self.init(
            user: .init(member.user), role: member.role.rawValue.schema(),
            // Only for those who manage members.
            twoFactorEnabled: member.twoFactorShown)
    }
}

extension Components.Schemas.WorkspaceMember {
    /// A workspace's members also say whether they sit outside the organisation, take a seat, and
    /// hold their role themselves or through the organisation.
    init(_ member: Member) {
        self.init(
            user: .init(member.user), role: member.role.rawValue.schema(), outside: member.outside,
            paidSeat: member.paidSeat, access: member.source.schema(), twoFactorEnabled: member.twoFactorShown)
    }
}

extension Components.Schemas.AddResult {
    init(_ result: AddResult) {
        self.init(
            email: result.email, outcome: result.outcome?.schema(), inviteId: result.inviteID?.uuidString.lowercased(),
            error: result.error.map { .init(code: $0.code, detail: $0.detail) })
    }
}

extension Components.Schemas.PendingInvite {
    init(_ invite: PendingInvite) {
        self.init(
            id: invite.id.uuidString.lowercased(), email: invite.email,
            role: .init(
                value1: Components.Schemas.WorkspaceRole(rawValue: invite.role),
                value2: Components.Schemas.OrgRole(rawValue: invite.role)),
            scope: invite.scope.schema(), workspaceId: invite.workspaceID?.description, orgId: invite.orgID.description,
            invitedBy: invite.invitedBy.map(Components.Schemas.User.init), createdAt: invite.createdAt,
            expiresAt: invite.expiresAt, status: invite.status.schema(), reservesSeat: invite.reservesSeat)
    }
}
