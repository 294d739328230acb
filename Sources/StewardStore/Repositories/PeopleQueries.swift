import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The people of a place as a page, highest role first and then by name, ordered and cut in the
/// database with their accounts in the same statement.
enum PeopleQueries {
    /// An organisation's members; `only` narrows the page to one person.
    static func orgMembers(_ org: OrgID, page: PageQuery, only person: UUID? = nil, on db: any Database)
        async throws -> ListPage<Member>
    {
        let rank =
            "CASE "
            + OrgRole.allCases.map { "WHEN om.role = '\($0.rawValue)' THEN \($0.rank)" }
            .joined(separator: " ") + " END"
        let onlyPerson: SQLQueryString = person.map { "AND om.user_id = \(bind: $0)" } ?? ""
        let rows = try await RankedPeople.page(
            """
            SELECT \(unsafeRaw: userColumns), om.role AS role, 'membership' AS source, \(unsafeRaw: rank) AS rank
            FROM org_memberships om JOIN users u ON u.id = om.user_id
            WHERE om.org_id = \(bind: org.uuid) AND om.removed_at IS NULL \(onlyPerson)
            """, page: page, on: db)
        return try cut(rows, page: page, in: .org(org))
    }

    /// A workspace's members: explicit memberships, plus the org roles that oversee it without one
    /// (decided by WorkspaceAccessRule for each org role; someone removed stays out).
    static func workspaceMembers(
        _ workspace: Workspace, page: PageQuery, only person: UUID? = nil, on db: any Database
    ) async throws -> ListPage<Member> {
        let oversight = OrgRole.allCases.compactMap { orgRole in
            WorkspaceAccessRule.access(
                membershipRole: nil, removed: false, orgRole: orgRole, visibility: workspace.visibility
            ).map { (orgRole, $0.role) }
        }
        let onlyMembership: SQLQueryString = person.map { "AND m.user_id = \(bind: $0)" } ?? ""
        var people: SQLQueryString = """
            SELECT \(unsafeRaw: userColumns), m.role AS role,
              'membership' AS source, \(unsafeRaw: SeatHolders.rankExpression("m.role")) AS rank
            FROM workspace_memberships m JOIN users u ON u.id = m.user_id
            WHERE m.workspace_id = \(bind: workspace.id.uuid) AND m.removed_at IS NULL \(onlyMembership)
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
                SELECT \(unsafeRaw: userColumns),
                  \(unsafeRaw: roleCase) AS role, 'organisation' AS source, \(unsafeRaw: rankCase) AS rank
                FROM org_memberships om JOIN users u ON u.id = om.user_id
                WHERE om.org_id = \(bind: workspace.orgID.uuid) AND om.removed_at IS NULL
                  AND om.role IN (\(binds: oversight.map(\.0.rawValue))) \(onlyOversight)
                  AND NOT EXISTS (SELECT 1 FROM workspace_memberships x
                    WHERE x.workspace_id = \(bind: workspace.id.uuid) AND x.user_id = om.user_id)
                """
        }
        let rows = try await RankedPeople.page(people, page: page, on: db)
        return try cut(rows, page: page, in: .workspace(workspace.id))
    }

    static let userColumns =
        "u.id AS id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, "
        + "u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at"

    static func cut(_ rows: [any SQLRow], page: PageQuery, in place: Place) throws -> ListPage<Member> {
        try RankedPeople.cut(rows, page: page) { row in
            guard let role = PlaceRole.named(try row.decode(column: "role", as: String.self), in: place),
                let source = AccessSource(rawValue: try row.decode(column: "source", as: String.self))
            else { return nil }
            let user = try ContextQueries.decodeUser(row, id: try row.decode(column: "id", as: UUID.self))
            return Member(user: user, role: role, source: source)
        }
    }
}
