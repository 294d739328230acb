import FluentKit
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
        let row = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace)
            .filter(\.$userID == user).first()
        guard let row else { return (.none, nil) }
        return (row.removedAt == nil ? .active : .removed, row)
    }

    func orgState(_ org: UUID, user: UUID) async throws -> (MembershipState, OrgMemberRow?) {
        let row = try await Load.orgMembership(org: org, user: user, on: db)
        guard let row else { return (.none, nil) }
        return (row.removedAt == nil ? .active : .removed, row)
    }

    /// Puts `user` into the workspace with `role`. Outside-role rules are checked here so every
    /// path obeys them. `via` names the path in the audit log.
    func grantWorkspace(
        _ workspace: Workspace, orgName: String, user: UserRow, role: WorkspaceRole, actor: UserID?, via: String
    ) async throws -> AddOutcome {
        let (state, existing) = try await workspaceState(workspace.id.uuid, user: user.id!)
        if state == .active { return .alreadyMember }
        let (orgMembership, orgRow) = try await orgState(workspace.orgID.uuid, user: user.id!)
        let isOrgMember = orgMembership == .active
        try OutsideRoleRule.checkWorkspaceRole(role, current: nil, isOrgMember: isOrgMember, kind: workspace.kind)
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

    func grantOrg(_ org: Organisation, user: UserRow, role: OrgRole, actor: UserID?, via: String) async throws
        -> AddOutcome
    {
        let (state, existing) = try await orgState(org.id.uuid, user: user.id!)
        if state == .active { return .alreadyMember }
        let workspaceIDs = try await WorkspaceRow.query(on: db).filter(\.$orgID == org.id.uuid).all().compactMap(\.id)
        let outside = try await WorkspaceMemberRow.query(on: db).filter(\.$userID == user.id!)
            .filter(\.$removedAt == nil).filter(\.$workspaceID ~~ workspaceIDs).all()
            .filter { WorkspaceRole(rawValue: $0.role)?.isOutsideRole ?? false }.count
        try OutsideRoleRule.checkOrgAdd(outsideMembershipsInOrg: outside)
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
}
