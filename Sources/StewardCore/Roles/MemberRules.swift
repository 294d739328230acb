extension PlaceRole: RankedRole {
    public var isOwner: Bool {
        switch self {
        case .org(let role): role.isOwner
        case .workspace(let role): role.isOwner
        }
    }
}

/// What may be done to people in a place, for both places: the grant rule of NOTES §3 plus what
/// only one place has. Workspaces add the outside-role rules (NOTES §4) and keep owner out of
/// invites; organisations let an owner invite another owner. `kind` is the workspace's kind, nil
/// for an organisation.
public enum MemberRules {
    /// May `actor` invite someone into `role`?
    public static func checkInvite(actor: PlaceRole, role: PlaceRole, kind: WorkspaceKind?) throws(DomainError) {
        if case .workspace(let granted) = role { try InvitationRule.checkGrantableByInvitation(granted) }
        try GrantRule.checkGrant(actor: actor, grants: role, targetCurrent: nil, ownerCount: 0)
        if case .workspace(.observer) = role, let kind {
            try OutsideRoleRule.checkWorkspaceRole(.observer, current: nil, isOrgMember: false, kind: kind)
        }
    }

    /// Whether an invite into `role` may reach this address: a workspace's outside roles are not
    /// for people already in its organisation.
    public static func checkInvitee(role: PlaceRole, isOrgMember: Bool, kind: WorkspaceKind?) throws(DomainError) {
        guard case .workspace(let granted) = role, granted.isOutsideRole, let kind else { return }
        try OutsideRoleRule.checkWorkspaceRole(granted, current: nil, isOrgMember: isOrgMember, kind: kind)
    }

    /// May `actor` give `role` to someone whose role is `current` now? `explicit` is their own
    /// membership (a workspace overseer through the organisation has none).
    public static func checkRoleChange(
        actor: PlaceRole, role: PlaceRole, current: PlaceRole, explicit: PlaceRole?, isOrgMember: Bool,
        kind: WorkspaceKind?, ownerCount: Int
    ) throws(DomainError) {
        try GrantRule.checkGrant(actor: actor, grants: role, targetCurrent: current, ownerCount: ownerCount)
        if case .workspace(let granted) = role, let kind {
            let explicitRole: WorkspaceRole? = if case .workspace(let r) = explicit { r } else { nil }
            try OutsideRoleRule.checkWorkspaceRole(granted, current: explicitRole, isOrgMember: isOrgMember, kind: kind)
        }
    }

    /// The roles the invite dialog offers `actor`: those an invite may carry here.
    public static func inviteChoices(actor: PlaceRole, kind: WorkspaceKind?) -> [PlaceRole] {
        switch actor {
        case .org(let role): GrantRule.grantableInvites(by: role).map(PlaceRole.org)
        case .workspace(let role):
            GrantRule.grantableInvites(by: role).filter {
                (try? OutsideRoleRule.checkWorkspaceRole($0, current: nil, isOrgMember: false, kind: kind ?? .internal))
                    != nil
            }.map(PlaceRole.workspace)
        }
    }

    /// The role an invite starts with: member, the everyday role of both places.
    public static func defaultInvite(in place: Place) -> PlaceRole {
        switch place {
        case .org: .org(.member)
        case .workspace: .workspace(.member)
        }
    }

    /// The roles offered when `actor` changes the role of someone who holds `current`. Outside and
    /// inside roles don't turn into each other by a role change (NOTES §4), so only the member's
    /// own side is offered, and observer only where it exists.
    public static func roleChoices(actor: PlaceRole, for current: PlaceRole, kind: WorkspaceKind?) -> [PlaceRole] {
        let assignable: [PlaceRole] =
            switch actor {
            case .org(let role): GrantRule.assignableRoles(by: role).map(PlaceRole.org)
            case .workspace(let role): GrantRule.assignableRoles(by: role).map(PlaceRole.workspace)
            }
        return assignable.filter {
            $0.isOutsideRole == current.isOutsideRole && ($0 != .workspace(.observer) || kind == .externalClient)
        }
    }

    /// Whether a members list offers `viewer` to change or remove `member`: someone who manages
    /// members, acting on another person whose role is not above their own.
    public static func mayActOn(
        _ member: Member, viewer: UserID, viewerRole: PlaceRole, viewerManagesMembers: Bool
    ) -> Bool {
        viewerManagesMembers && member.user.id != viewer && !member.role.isAbove(viewerRole)
    }
}
