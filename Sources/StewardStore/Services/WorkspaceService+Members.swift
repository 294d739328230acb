import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// A workspace's people: the list, one member, role changes and removals, and its audit log.
extension WorkspaceService {
    /// Members with their roles: explicit memberships and the org admins/owner who oversee it,
    /// highest role first, then by name.
    public func members(_ id: WorkspaceID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<WorkspaceMember>
    {
        let ctx = try await context(id, user: actor)
        return try await members(of: ctx, page: page, only: nil)
    }

    /// One member, or nil when the person is not (or no longer) in the workspace.
    public func member(_ id: WorkspaceID, _ target: UserID, by actor: UserID) async throws -> WorkspaceMember? {
        let ctx = try await context(id, user: actor)
        return try await members(of: ctx, page: PageQuery(limit: 1), only: target.uuid).items.first
    }

    func members(of ctx: WorkspaceContext, page: PageQuery, only person: UUID?) async throws
        -> ListPage<WorkspaceMember>
    {
        // Explicit memberships, plus the org roles that oversee this workspace without one
        // (decided by WorkspaceAccessRule for each org role; someone removed stays out), in one
        // statement with the people's accounts, ordered and cut in the database.
        let oversight = OrgRole.allCases.compactMap { orgRole in
            WorkspaceAccessRule.access(
                membershipRole: nil, removed: false, orgRole: orgRole, visibility: ctx.workspace.visibility
            ).map { (orgRole, $0.role) }
        }
        let onlyMembership: SQLQueryString = person.map { "AND m.user_id = \(bind: $0)" } ?? ""
        var people: SQLQueryString = """
            SELECT u.id AS id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at, m.role AS role,
              'membership' AS source, \(unsafeRaw: SeatHolders.rankExpression("m.role")) AS rank
            FROM workspace_memberships m JOIN users u ON u.id = m.user_id
            WHERE m.workspace_id = \(bind: ctx.workspace.id.uuid) AND m.removed_at IS NULL \(onlyMembership)
            """
        if !oversight.isEmpty {
            let roleCase =
                "CASE "
                + oversight.map { "WHEN om.role = '\($0.0.rawValue)' THEN '\($0.1.rawValue)'" }
                .joined(separator: " ") + " END"
            let rankCase =
                "CASE "
                + oversight.map { "WHEN om.role = '\($0.0.rawValue)' THEN \($0.1.rank)" }
                .joined(separator: " ") + " END"
            let onlyOversight: SQLQueryString = person.map { "AND om.user_id = \(bind: $0)" } ?? ""
            people = """
                \(people)
                UNION ALL
                SELECT u.id AS id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at,
                  \(unsafeRaw: roleCase) AS role, 'organisation' AS source, \(unsafeRaw: rankCase) AS rank
                FROM org_memberships om JOIN users u ON u.id = om.user_id
                WHERE om.org_id = \(bind: ctx.org.id.uuid) AND om.removed_at IS NULL
                  AND om.role IN (\(binds: oversight.map(\.0.rawValue))) \(onlyOversight)
                  AND NOT EXISTS (SELECT 1 FROM workspace_memberships x
                    WHERE x.workspace_id = \(bind: ctx.workspace.id.uuid) AND x.user_id = om.user_id)
                """
        }
        let rows = try await RankedPeople.page(people, page: page, on: db)
        return try RankedPeople.cut(rows, page: page) { row in
            guard let role = WorkspaceRole(rawValue: try row.decode(column: "role", as: String.self)),
                let source = AccessSource(rawValue: try row.decode(column: "source", as: String.self))
            else { return nil }
            let user = try ContextQueries.decodeUser(row, id: try row.decode(column: "id", as: UUID.self))
            var member = WorkspaceMember(user: user, role: role, source: source)
            member.twoFactorShown = ctx.can(.manageMembers) ? user.twoFactorEnabled : nil
            return member
        }
    }

    /// Changes a member's role. Someone present only through the organisation gets an explicit
    /// membership with the new role (NOTES §6: an explicit act makes it a normal membership).
    public func changeRole(_ id: WorkspaceID, member target: UserID, to rawRole: String?, by actor: UserID)
        async throws -> WorkspaceMember
    {
        try await context(id, user: actor).require(.manageMembers)
        var v = Validator()
        let role: WorkspaceRole? = v.role(rawRole)
        try v.check()
        _ = try await targetContext(id, target, on: db)
        return try await db.transaction { tx in
            // Locked, then read again: two owners demoting each other at once cannot both pass.
            try await Load.lockWorkspace(id.uuid, on: tx)
            let ctx = try await Load.workspaceContext(id, user: actor, on: tx)
            try ctx.require(.manageMembers)
            let targetCtx = try await targetContext(id, target, on: tx)
            let row = try await WorkspaceMemberRow.query(on: tx).filter(\.$workspaceID == id.uuid)
                .filter(\.$userID == target.uuid).first()
            let explicit = row.flatMap { $0.removedAt == nil ? WorkspaceRole(rawValue: $0.role) : nil }
            let current = targetCtx.access.role
            try GrantRule.checkGrant(
                actor: ctx.role, grants: role!, targetCurrent: current,
                ownerCount: try await Load.workspaceOwnerCount(id.uuid, on: tx))
            try OutsideRoleRule.checkWorkspaceRole(
                role!, current: explicit, isOrgMember: targetCtx.orgRole != nil, kind: ctx.workspace.kind)
            let userRow = try await Load.user(target, on: tx)
            if explicit != role! {
                let membership = row ?? WorkspaceMemberRow()
                if row == nil {
                    membership.workspaceID = id.uuid
                    membership.userID = target.uuid
                    membership.createdAt = env.clock.now()
                }
                membership.role = role!.rawValue
                membership.removedAt = nil
                try await membership.save(on: tx)
                try await SeatLedger(db: tx, now: env.clock.now()).changed(
                    workspace: id.uuid, user: target.uuid, to: role!)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "workspace.member_role_changed", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid,
                    target: AuditLog.user(userRow),
                    before: explicit?.rawValue ?? "\(current.rawValue) via organisation", after: role!.rawValue)
                try await Outbox.enqueue(
                    Emails.roleChanged(
                        to: userRow.email, scope: .init(noun: "workspace", name: ctx.workspace.name),
                        before: current.rawValue, after: role!.rawValue, link: env.link(.workspace(id))), on: tx,
                    now: env.clock.now())
            }
            return WorkspaceMember(user: userRow.value, role: role!, source: .membership)
        }
    }

    /// The target's standing, or 404 when they are not in the workspace.
    func targetContext(_ id: WorkspaceID, _ target: UserID, on database: any Database) async throws
        -> WorkspaceContext
    {
        do {
            return try await Load.workspaceContext(id, user: target, caller: false, on: database)
        } catch let error as DomainError where error.kind == .notFound || error.kind == .unauthorized {
            throw DomainError.notFound("That member")
        }
    }

    /// Removes a member, or lets someone leave. Removal is sticky: the organisation does not pull
    /// them back in until they are invited again (NOTES §6).
    public func remove(_ id: WorkspaceID, member target: UserID, by actor: UserID) async throws {
        let leaving = target == actor
        let outer = try await context(id, user: actor)
        if !leaving { try outer.require(.manageMembers) }
        _ = try await targetContext(id, target, on: db)
        try await db.transaction { tx in
            // Locked, then read again: two owners leaving (or removing each other) at once cannot
            // both pass the last-owner rule.
            try await Load.lockWorkspace(id.uuid, on: tx)
            let ctx = try await Load.workspaceContext(id, user: actor, on: tx)
            if !leaving { try ctx.require(.manageMembers) }
            let targetCtx = try await targetContext(id, target, on: tx)
            let owners = try await Load.workspaceOwnerCount(id.uuid, on: tx)
            let current = targetCtx.access
            if leaving {
                if current.source == .membership { try GrantRule.checkLeave(role: current.role, ownerCount: owners) }
            } else {
                try GrantRule.checkRemoval(
                    actor: ctx.role, target: current.role,
                    ownerCount: current.source == .membership ? owners : Int.max)
            }
            let row =
                try await WorkspaceMemberRow.query(on: tx).filter(\.$workspaceID == id.uuid)
                .filter(\.$userID == target.uuid).first() ?? WorkspaceMemberRow()
            if row.id == nil {
                row.workspaceID = id.uuid
                row.userID = target.uuid
                row.role = current.role.rawValue
                row.createdAt = env.clock.now()
            }
            row.removedAt = env.clock.now()
            try await row.save(on: tx)
            try await SeatLedger(db: tx, now: env.clock.now()).changed(workspace: id.uuid, user: target.uuid, to: nil)
            let userRow = try await Load.user(target, on: tx)
            if !leaving {
                try await Outbox.enqueue(
                    Emails.removed(to: userRow.email, scope: .init(noun: "workspace", name: ctx.workspace.name)),
                    on: tx, now: env.clock.now())
            }
            try await AuditLog(db: tx, clock: env.clock).record(
                leaving ? "workspace.member_left" : "workspace.member_removed", actor: actor, org: ctx.org.id.uuid,
                workspace: id.uuid, target: AuditLog.user(userRow),
                before: current.source == .membership
                    ? current.role.rawValue : "\(current.role.rawValue) via organisation",
                after: nil)
        }
    }

    public func audit(_ id: WorkspaceID, by actor: UserID, limit: Int, before cursor: Int?) async throws
        -> [AuditEvent]
    {
        let ctx = try await context(id, user: actor)
        try ctx.require(.viewAudit)
        return try await AuditLog.events(on: db, workspace: id.uuid, limit: limit, before: cursor)
    }
}
