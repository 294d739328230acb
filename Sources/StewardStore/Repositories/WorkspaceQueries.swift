import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Workspaces as stored: the walk behind someone's workspace list, and their settings.
enum WorkspaceQueries {
    /// An organisation in which someone reaches workspaces, with their own role in it.
    struct ReachedOrg {
        var org: Organisation
        /// The lower-cased name the list is ordered by.
        var sortName: String
        /// Their active organisation role; nil when they are there only through workspace memberships.
        var role: OrgRole?
    }

    /// A workspace of the walk, with the person's own membership of it as stored (if any).
    struct WalkedWorkspace {
        var workspace: Workspace
        /// The lower-cased name the walk is ordered by.
        var sortName: String
        var hasMembership: Bool
        var membershipRemoved: Bool
        var membershipRole: String?
    }

    /// The organisations someone is a member of or holds a workspace membership in, by lower-cased
    /// name then id, from `start` on (inclusive of that organisation).
    static func orgsReached(by user: UUID, from start: (name: String, id: UUID)?, on db: any Database) async throws
        -> [ReachedOrg]
    {
        let sql = db as! any SQLDatabase
        let fromOrg: SQLQueryString =
            start.map {
                "AND (LOWER(o.name) > \(bind: $0.name) OR (LOWER(o.name) = \(bind: $0.name) AND o.id >= \(bind: $0.id)))"
            } ?? ""
        let orgs = try await sql.raw(
            """
            SELECT o.id AS id, o.name AS o_name, o.is_partner AS o_is_partner, \
            o.requires_two_factor AS o_requires_two_factor, pool.id AS pool_id,
              LOWER(o.name) AS oname, om.role AS om_role
            FROM orgs o
            LEFT JOIN billing_accounts pool ON pool.org_id = o.id AND pool.scope = 'org'
            LEFT JOIN org_memberships om ON om.org_id = o.id AND om.user_id = \(bind: user) AND om.removed_at IS NULL
            WHERE o.id IN (
              SELECT org_id FROM org_memberships WHERE user_id = \(bind: user) AND removed_at IS NULL
              UNION SELECT w.org_id FROM workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
                WHERE m.user_id = \(bind: user) AND m.removed_at IS NULL)
            \(fromOrg)
            ORDER BY LOWER(o.name), o.id
            """
        ).all()
        return try orgs.map { orgRow in
            let orgID = try orgRow.decode(column: "id", as: UUID.self)
            return ReachedOrg(
                org: try ContextQueries.decodeOrg(orgRow, id: OrgID(orgID)),
                sortName: try orgRow.decode(column: "oname", as: String.self),
                role: try orgRow.decode(column: "om_role", as: String?.self).flatMap(OrgRole.init(rawValue:)))
        }
    }

    /// Up to `limit` of the organisation's workspaces the person may reach, by lower-cased name then
    /// id, after `position`: those they hold a membership of, and those of the `overseen`
    /// visibilities they have none of (with no oversight, starting from their own memberships).
    static func workspacesReached(
        by user: UUID, in org: UUID, overseeing overseen: [Visibility], after position: (name: String, id: UUID)?,
        limit wanted: Int, on db: any Database
    ) async throws -> [WalkedWorkspace] {
        let sql = db as! any SQLDatabase
        let reach: SQLQueryString =
            overseen.isEmpty
            ? "m.id IS NOT NULL AND m.removed_at IS NULL"
            : """
            (m.id IS NOT NULL AND m.removed_at IS NULL)
              OR (m.id IS NULL AND w.visibility IN (\(binds: overseen.map(\.rawValue))))
            """
        let source: SQLQueryString =
            overseen.isEmpty
            ? """
            workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
              AND m.user_id = \(bind: user)
            """
            : """
            workspaces w LEFT JOIN workspace_memberships m ON m.workspace_id = w.id
              AND m.user_id = \(bind: user)
            """
        let after: SQLQueryString =
            position.map {
                "AND (LOWER(w.name) > \(bind: $0.name) OR (LOWER(w.name) = \(bind: $0.name) AND w.id > \(bind: $0.id)))"
            } ?? ""
        let rows = try await sql.raw(
            """
            SELECT \(unsafeRaw: ContextQueries.workspaceFields), LOWER(w.name) AS lname,
              m.id AS m_id, m.role AS m_role, m.removed_at AS m_removed_at
            FROM \(source)
            WHERE w.org_id = \(bind: org) AND (\(reach)) \(after)
            ORDER BY LOWER(w.name), w.id LIMIT \(literal: wanted)
            """
        ).all()
        return try rows.map { row in
            WalkedWorkspace(
                workspace: try ContextQueries.decodeWorkspace(row),
                sortName: try row.decode(column: "lname", as: String.self),
                hasMembership: try row.decode(column: "m_id", as: UUID?.self) != nil,
                membershipRemoved: try row.decode(column: "m_removed_at", as: Date?.self) != nil,
                membershipRole: try row.decode(column: "m_role", as: String?.self))
        }
    }

    static func rename(_ id: WorkspaceID, to name: String, on db: any Database) async throws {
        try await WorkspaceRow.query(on: db).filter(\.$id == id.uuid).set(\.$name, to: name).update()
    }

    static func setVisibility(_ visibility: Visibility, of id: WorkspaceID, on db: any Database) async throws {
        try await WorkspaceRow.query(on: db).filter(\.$id == id.uuid).set(\.$visibility, to: visibility.rawValue)
            .update()
    }
}
