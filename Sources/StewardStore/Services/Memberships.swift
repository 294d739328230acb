import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The one way a person gets into a workspace or organisation, whatever the path: adding by
/// email, accepting an invite, joining by link, an approved request or a self-join. Runs inside
/// the caller's transaction.
struct Memberships {
    let db: any Database
    let env: ServiceEnvironment

    var log: AuditLog { AuditLog(db: db, clock: env.clock) }

    func workspaceState(_ workspace: UUID, user: UUID) async throws -> (MembershipState, WorkspaceMemberRow?) {
        let row = try await MembershipQueries.workspaceMembership(workspace, user: user, on: db)
        guard let row else { return (.none, nil) }
        return (row.removedAt == nil ? .active : .removed, row)
    }

    func orgState(_ org: UUID, user: UUID) async throws -> (MembershipState, OrgMemberRow?) {
        let row = try await MembershipQueries.orgMembership(org: org, user: user, on: db)
        guard let row else { return (.none, nil) }
        return (row.removedAt == nil ? .active : .removed, row)
    }

    /// Puts `user` into the workspace with `role`. Outside-role rules are checked here so every
    /// path obeys them. `via` names the path in the audit log.
    func grantWorkspace(
        _ workspace: Workspace, orgName: String, user: UserRow, role: WorkspaceRole, actor: UserID?, via: String
    ) async throws -> AddOutcome {
        // Every grant (invite, link, approval, self-join) checks and writes under the place's
        // locks, organisation first as everywhere, so two grants at once cannot both see "not a
        // member" and the second answers alreadyMember instead of hitting the unique index.
        try await MembershipQueries.lockOrg(workspace.orgID.uuid, on: db)
        try await MembershipQueries.lockWorkspace(workspace.id.uuid, on: db)
        let (state, existing) = try await workspaceState(workspace.id.uuid, user: user.id!)
        if state == .active { return .alreadyMember }
        let (orgMembership, orgRow) = try await orgState(workspace.orgID.uuid, user: user.id!)
        let isOrgMember = orgMembership == .active
        try OutsideRoleRule.checkWorkspaceRole(role, current: nil, isOrgMember: isOrgMember, kind: workspace.kind)
        if !role.isOutsideRole && !isOrgMember {
            // An inside role joins the organisation, which nobody does while they are an external
            // or observer in its workspaces (NOTES §4).
            try OutsideRoleRule.checkOrgAdd(
                outsideMembershipsInOrg: try await outsideMemberships(in: workspace.orgID.uuid, user: user.id!))
        }
        let now = env.clock.now()
        let row = existing ?? WorkspaceMemberRow()
        if existing == nil {
            row.workspaceID = workspace.id.uuid
            row.userID = user.id!
            row.createdAt = now
        }
        row.role = role.rawValue
        row.removedAt = nil
        try await row.save(on: db)
        try await SeatLedger(db: db, now: now).changed(workspace: workspace.id.uuid, user: user.id!, to: role)
        // Inside roles belong to the organisation (docs/decisions.md).
        if !role.isOutsideRole && !isOrgMember {
            let membership = orgRow ?? OrgMemberRow()
            if orgRow == nil {
                membership.orgID = workspace.orgID.uuid
                membership.userID = user.id!
                membership.createdAt = now
            }
            membership.role = OrgRole.member.rawValue
            membership.removedAt = nil
            try await membership.save(on: db)
            try await log.record(
                "org.member_added", actor: actor, org: workspace.orgID.uuid, workspace: nil,
                target: AuditLog.user(user), after: "member (joined with workspace \(workspace.name))")
        }
        let outcome = InviteOutcomeRule.outcome(accountExists: true, membership: state)
        try await log.record(
            outcome == .added ? "workspace.member_added" : "workspace.member_reactivated", actor: actor,
            org: workspace.orgID.uuid, workspace: workspace.id.uuid, target: AuditLog.user(user),
            before: existing?.role, after: via.isEmpty ? role.rawValue : "\(role.rawValue) (\(via))")
        return outcome
    }

    /// Puts `user` into the place with `role`, which `Validator.role(_:in:)` read for that place.
    func grant(_ role: PlaceRole, in place: PlaceContext, user: UserRow, actor: UserID?, via: String) async throws
        -> AddOutcome
    {
        switch (place, role) {
        case (.workspace(let c), .workspace(let role)):
            try await grantWorkspace(c.workspace, orgName: c.org.name, user: user, role: role, actor: actor, via: via)
        case (.org(let c), .org(let role)): try await grantOrg(c.org, user: user, role: role, actor: actor, via: via)
        case (.org, .workspace), (.workspace, .org): preconditionFailure("a role read for another kind of place")
        }
    }

    func grantOrg(_ org: Organisation, user: UserRow, role: OrgRole, actor: UserID?, via: String) async throws
        -> AddOutcome
    {
        try await MembershipQueries.lockOrg(org.id.uuid, on: db)
        let (state, existing) = try await orgState(org.id.uuid, user: user.id!)
        if state == .active { return .alreadyMember }
        try OutsideRoleRule.checkOrgAdd(
            outsideMembershipsInOrg: try await outsideMemberships(in: org.id.uuid, user: user.id!))
        let row = existing ?? OrgMemberRow()
        if existing == nil {
            row.orgID = org.id.uuid
            row.userID = user.id!
            row.createdAt = env.clock.now()
        }
        row.role = role.rawValue
        row.removedAt = nil
        try await row.save(on: db)
        let outcome = InviteOutcomeRule.outcome(accountExists: true, membership: state)
        try await log.record(
            outcome == .added ? "org.member_added" : "org.member_reactivated", actor: actor, org: org.id.uuid,
            workspace: nil, target: AuditLog.user(user), before: existing?.role,
            after: via.isEmpty ? role.rawValue : "\(role.rawValue) (\(via))")
        return outcome
    }

    /// Active external/observer memberships of the person in the organisation's workspaces.
    func outsideMemberships(in org: UUID, user: UUID) async throws -> Int {
        let sql = db as! any SQLDatabase
        let outside = WorkspaceRole.allCases.filter(\.isOutsideRole).map(\.rawValue)
        let row = try await sql.raw(
            """
            SELECT COUNT(*) AS n FROM workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
            WHERE w.org_id = \(bind: org) AND m.user_id = \(bind: user) AND m.removed_at IS NULL
              AND m.role IN (\(binds: outside))
            """
        ).first()
        return try row?.decode(column: "n", as: Int.self) ?? 0
    }
}
