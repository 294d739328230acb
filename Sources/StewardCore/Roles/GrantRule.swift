/// The grant rule of NOTES §3, one rule for every path: invites, link invites, role changes and
/// access-request approvals, at both the workspace and the organisation level.
public enum GrantRule {
    /// May `actor` give `role` to someone whose current role is `current` (nil: not in yet)?
    /// `ownerCount` is how many owners the workspace or organisation has now.
    public static func checkGrant<R: RankedRole>(
        actor: R, grants role: R, targetCurrent current: R?, ownerCount: Int
    ) throws(DomainError) {
        if role.isOwner && !actor.isOwner {
            throw DomainError(
                .forbidden, code: "owner_grant_requires_owner", detail: "Only an owner can grant the owner role.")
        }
        if role.isAbove(actor) {
            throw DomainError(
                .forbidden, code: "grant_above_own_role", detail: "You can't grant a role above your own.")
        }
        if let current {
            try checkActOn(actor: actor, target: current)
            if current.isOwner && !role.isOwner && ownerCount <= 1 {
                throw DomainError.lastOwner
            }
        }
    }

    /// May `actor` remove someone whose role is `target`?
    public static func checkRemoval<R: RankedRole>(actor: R, target: R, ownerCount: Int) throws(DomainError) {
        try checkActOn(actor: actor, target: target)
        if target.isOwner && ownerCount <= 1 { throw DomainError.lastOwner }
    }

    /// May someone with `role` leave? The last owner cannot.
    public static func checkLeave<R: RankedRole>(role: R, ownerCount: Int) throws(DomainError) {
        if role.isOwner && ownerCount <= 1 { throw DomainError.lastOwner }
    }

    /// Nobody changes or removes a person whose current role is above their own.
    public static func checkActOn<R: RankedRole>(actor: R, target: R) throws(DomainError) {
        if target.isAbove(actor) {
            throw DomainError(
                .forbidden, code: "target_above_own_role",
                detail: "You can't change or remove someone whose role is above your own.")
        }
    }

    /// The workspace roles this actor may offer in an invite: the seeds' list, capped at their own.
    public static func grantableInvites(by actor: WorkspaceRole) -> [WorkspaceRole] {
        WorkspaceRole.invitable.filter { !$0.isAbove(actor) && !$0.isOwner }
    }

    public static func grantableInvites(by actor: OrgRole) -> [OrgRole] {
        OrgRole.invitable.filter { !$0.isAbove(actor) && (!$0.isOwner || actor.isOwner) }
    }

    /// Roles an actor may set in a role change (owners may grant owner here).
    public static func assignableRoles<R: RankedRole & CaseIterable>(by actor: R) -> [R] {
        R.allCases.filter { !$0.isAbove(actor) && (!$0.isOwner || actor.isOwner) }
    }
}
