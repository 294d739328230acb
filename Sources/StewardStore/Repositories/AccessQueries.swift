import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Discovery as stored: an organisation's workspaces with one person's membership of each and
/// whether they asked to join.
enum AccessQueries {
    /// A workspace as discovery finds it for one person.
    struct Found: Sendable {
        var workspace: Workspace
        /// Whether the person has a membership of it, removed or not.
        var hasMembership: Bool
        var membershipRole: String?
        var membershipRemoved: Bool
        /// Whether they have an access request to it pending.
        var requested: Bool
    }

    /// A page of the organisation's workspaces by name that the person is a member of (removed or
    /// not) or whose visibility is one of `visible`; `only` narrows it to one workspace.
    static func discoverableWorkspaces(
        in org: UUID, by user: UUID, visible discoverable: [Visibility], only workspace: UUID?, page: PageQuery,
        on db: any Database
    ) async throws -> ListPage<Found> {
        let sql = db as! any SQLDatabase
        let onlyOne: SQLQueryString = workspace.map { "AND w.id = \(bind: $0)" } ?? ""
        let visible: SQLQueryString =
            discoverable.isEmpty
            ? "m.id IS NOT NULL" : "(m.id IS NOT NULL OR w.visibility IN (\(binds: discoverable.map(\.rawValue))))"
        let rows = try await sql.raw(
            """
            SELECT * FROM (
              SELECT \(unsafeRaw: ContextQueries.workspaceFields), LOWER(w.name) AS lname,
                m.id AS m_id, m.role AS m_role, m.removed_at AS m_removed_at,
                CASE WHEN EXISTS (SELECT 1 FROM access_requests r WHERE r.workspace_id = w.id
                  AND r.user_id = \(bind: user) AND r.status = 'pending') THEN 1 ELSE 0 END AS requested
              FROM workspaces w
              LEFT JOIN workspace_memberships m ON m.workspace_id = w.id AND m.user_id = \(bind: user)
              WHERE w.org_id = \(bind: org) AND \(visible) \(onlyOne)
            ) found \(try NamedKeyset.after(page.after))
            ORDER BY lname ASC, w_id ASC LIMIT \(literal: page.limit + 1)
            """
        ).all()
        return try NamedKeyset.cut(rows, page: page).map { row in
            Found(
                workspace: try ContextQueries.decodeWorkspace(row),
                hasMembership: try row.decode(column: "m_id", as: UUID?.self) != nil,
                membershipRole: try row.decode(column: "m_role", as: String?.self),
                membershipRemoved: try row.decode(column: "m_removed_at", as: Date?.self) != nil,
                requested: try row.decode(column: "requested", as: Int.self) == 1)
        }
    }
}
