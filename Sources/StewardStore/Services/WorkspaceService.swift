import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// A workspace as it appears in someone's list.
public struct MyWorkspace: Sendable {
    public var workspace: Workspace
    public var org: Organisation
    public var access: WorkspaceAccess
}

public struct WorkspaceService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    var audit: AuditLog { AuditLog(db: db, clock: env.clock) }

    /// Creates a workspace in an organisation; the creator becomes its owner.
    public func create(
        in orgID: OrgID, name: String?, visibility rawVisibility: String?, externalClient: ExternalClientFields?,
        by actor: UserID
    ) async throws -> WorkspaceContext {
        if let externalClient {
            return try await PartnerService(db: db, env: env).createExternalClientWorkspace(
                in: orgID, name: name, visibility: rawVisibility, client: externalClient, by: actor)
        }
        let orgCtx = try await Load.orgContext(orgID, user: actor, on: db)
        try Access.require(orgCtx.role, .createWorkspaces)
        var v = Validator()
        let name = v.name(name, field: "name")
        var visibility = Visibility.open
        if let rawVisibility {
            if let parsed = Visibility(rawValue: rawVisibility) {
                visibility = parsed
            } else {
                v.fail("visibility", "must be one of: open, inviteOnly, private")
            }
        }
        try v.check()
        if visibility.needsRestrictVisibility {
            try Access.require(.owner, .restrictVisibility, tier: orgCtx.tier)
        }
        let chosenVisibility = visibility
        let now = env.clock.now()
        let id = try await db.transaction { tx in
            let row = WorkspaceRow()
            row.orgID = orgID.uuid
            row.name = name
            row.kind = WorkspaceKind.internal.rawValue
            row.visibility = chosenVisibility.rawValue
            row.billingAccountID = orgCtx.org.billingAccountID?.uuid
            row.createdAt = now
            try await row.create(on: tx)
            let membership = WorkspaceMemberRow()
            membership.workspaceID = row.id!
            membership.userID = actor.uuid
            membership.role = WorkspaceRole.owner.rawValue
            membership.createdAt = now
            try await membership.create(on: tx)
            try await SeatLedger(db: tx, now: now).changed(workspace: row.id!, user: actor.uuid, to: .owner)
            try await AuditLog(db: tx, clock: env.clock).record(
                "workspace.created", actor: actor, org: orgID.uuid, workspace: row.id,
                target: .init(type: "workspace", id: row.id!.uuidString.lowercased(), label: name),
                after: "\(name) (\(chosenVisibility.rawValue))")
            return WorkspaceID(row.id!)
        }
        return try await context(id, user: actor)
    }

    public func context(_ id: WorkspaceID, user: UserID) async throws -> WorkspaceContext {
        try await Load.workspaceContext(id, user: user, on: db)
    }

    /// Every workspace the user can reach: their own memberships plus those their org role
    /// oversees, by organisation, then workspace name.
    ///
    /// Organisation by organisation, so each step walks one organisation's workspaces in name
    /// order on an index and stops once the page is full, however many workspaces it has: one
    /// statement for the organisations, one for each organisation the page reaches.
    public func mine(_ user: UserID, page: PageQuery = .first) async throws -> ListPage<MyWorkspace> {
        let sql = db as! any SQLDatabase
        var start: (org: String, orgID: UUID, name: String, id: UUID)?
        if let cursor = page.after {
            guard cursor.keys.count == 4, let orgID = cursor.uuid(at: 1), let id = cursor.uuid(at: 3) else {
                throw DomainError.badCursor
            }
            start = (cursor.keys[0], orgID, cursor.keys[2], id)
        }
        let fromOrg: SQLQueryString =
            start.map {
                "AND (LOWER(o.name) > \(bind: $0.org) OR (LOWER(o.name) = \(bind: $0.org) AND o.id >= \(bind: $0.orgID)))"
            }
            ?? ""
        let orgs = try await sql.raw(
            """
            SELECT o.id AS id, o.name AS o_name, o.is_partner AS o_is_partner, o.requires_two_factor AS o_requires_two_factor, pool.id AS pool_id,
              LOWER(o.name) AS oname, om.role AS om_role
            FROM orgs o
            LEFT JOIN billing_accounts pool ON pool.org_id = o.id AND pool.scope = 'org'
            LEFT JOIN org_memberships om ON om.org_id = o.id AND om.user_id = \(bind: user.uuid) AND om.removed_at IS NULL
            WHERE o.id IN (
              SELECT org_id FROM org_memberships WHERE user_id = \(bind: user.uuid) AND removed_at IS NULL
              UNION SELECT w.org_id FROM workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
                WHERE m.user_id = \(bind: user.uuid) AND m.removed_at IS NULL)
            \(fromOrg)
            ORDER BY LOWER(o.name), o.id
            """
        ).all()
        var found: [(item: MyWorkspace, cursor: PageCursor)] = []
        for orgRow in orgs {
            guard found.count <= page.limit else { break }
            let orgID = try orgRow.decode(column: "id", as: UUID.self)
            let org = try ContextQueries.decodeOrg(orgRow, id: OrgID(orgID))
            let orgName = try orgRow.decode(column: "oname", as: String.self)
            let orgRole = try orgRow.decode(column: "om_role", as: String?.self).flatMap(OrgRole.init(rawValue:))
            // Visibilities this org role reaches without a membership of its own (the rule decides
            // each row again below; this only keeps the rest out of the walk).
            let overseen = Visibility.allCases.filter {
                WorkspaceAccessRule.access(membershipRole: nil, removed: false, orgRole: orgRole, visibility: $0) != nil
            }
            var position = start.flatMap { $0.orgID == orgID ? (name: $0.name, id: $0.id) : nil }
            let reach: SQLQueryString =
                overseen.isEmpty
                ? "m.id IS NOT NULL AND m.removed_at IS NULL"
                : """
                (m.id IS NOT NULL AND m.removed_at IS NULL)
                  OR (m.id IS NULL AND w.visibility IN (\(binds: overseen.map(\.rawValue))))
                """
            // Without oversight only the person's own memberships count: start from those.
            let source: SQLQueryString =
                overseen.isEmpty
                ? """
                workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
                  AND m.user_id = \(bind: user.uuid)
                """
                : """
                workspaces w LEFT JOIN workspace_memberships m ON m.workspace_id = w.id
                  AND m.user_id = \(bind: user.uuid)
                """
            // The rule below agrees with `reach`, so a walk rarely skips a row; when it does, the
            // walk goes on in this organisation until the page is full or the organisation ends.
            while found.count <= page.limit {
                let wanted = page.limit + 1 - found.count
                let after: SQLQueryString =
                    position.map {
                        "AND (LOWER(w.name) > \(bind: $0.name) OR (LOWER(w.name) = \(bind: $0.name) AND w.id > \(bind: $0.id)))"
                    } ?? ""
                let rows = try await sql.raw(
                    """
                    SELECT \(unsafeRaw: ContextQueries.workspaceFields), LOWER(w.name) AS lname,
                      m.id AS m_id, m.role AS m_role, m.removed_at AS m_removed_at
                    FROM \(source)
                    WHERE w.org_id = \(bind: orgID) AND (\(reach)) \(after)
                    ORDER BY LOWER(w.name), w.id LIMIT \(literal: wanted)
                    """
                ).all()
                for row in rows {
                    let workspace = try ContextQueries.decodeWorkspace(row)
                    let name = try row.decode(column: "lname", as: String.self)
                    position = (name, workspace.id.uuid)
                    let exists = try row.decode(column: "m_id", as: UUID?.self) != nil
                    let removed = try row.decode(column: "m_removed_at", as: Date?.self) != nil
                    guard
                        let access = WorkspaceAccessRule.access(
                            membershipRole: exists && !removed
                                ? try row.decode(column: "m_role", as: String?.self).flatMap(
                                    WorkspaceRole.init(rawValue:)) : nil,
                            removed: exists && removed, orgRole: orgRole, visibility: workspace.visibility)
                    else { continue }
                    let cursor = PageCursor([orgName, orgID.uuidString, name, workspace.id.uuid.uuidString])
                    found.append((MyWorkspace(workspace: workspace, org: org, access: access), cursor))
                }
                if rows.count < wanted { break }
            }
        }
        return ListPage(
            items: found.prefix(page.limit).map(\.item),
            next: found.count > page.limit ? found[page.limit - 1].cursor : nil)
    }

    public func update(_ id: WorkspaceID, name: String?, visibility rawVisibility: String?, by actor: UserID)
        async throws -> WorkspaceContext
    {
        let ctx = try await context(id, user: actor)
        try ctx.require(.changeSettings)
        var v = Validator()
        let newName = name.map { v.name($0, field: "name") }
        var visibility: Visibility?
        if let rawVisibility {
            visibility = Visibility(rawValue: rawVisibility)
            if visibility == nil { v.fail("visibility", "must be one of: open, inviteOnly, private") }
        }
        try v.check()
        if let visibility, Visibility.changeNeedsTier(from: ctx.workspace.visibility, to: visibility) {
            try ctx.require(.restrictVisibility)
        }
        let newVisibility = visibility
        try await db.transaction { tx in
            let log = AuditLog(db: tx, clock: env.clock)
            let target = AuditLog.Target(type: "workspace", id: id.description, label: newName ?? ctx.workspace.name)
            if let newName, newName != ctx.workspace.name {
                try await WorkspaceRow.query(on: tx).filter(\.$id == id.uuid).set(\.$name, to: newName).update()
                try await log.record(
                    "workspace.renamed", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid, target: target,
                    before: ctx.workspace.name, after: newName)
            }
            if let visibility = newVisibility, visibility != ctx.workspace.visibility {
                try await WorkspaceRow.query(on: tx).filter(\.$id == id.uuid)
                    .set(\.$visibility, to: visibility.rawValue).update()
                try await log.record(
                    "workspace.visibility_changed", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid,
                    target: target, before: ctx.workspace.visibility.rawValue, after: visibility.rawValue)
            }
        }
        return try await context(id, user: actor)
    }

    public func audit(_ id: WorkspaceID, by actor: UserID, limit: Int, before cursor: Int?) async throws
        -> [AuditEvent]
    {
        let ctx = try await context(id, user: actor)
        try ctx.require(.viewAudit)
        return try await AuditLog.events(on: db, workspace: id.uuid, limit: limit, before: cursor)
    }
}
