import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// What a workspace and its billing account hold, counted in the database.
enum UsageQueries {
    /// One statement of (key, count) rows: the workspace's members by role (keyed by the role's raw
    /// value), its `projects` and `conversations`, and, with an account, the account's seat holders
    /// from their counters (`seats`).
    static func counts(in workspace: UUID, account: UUID?, on db: any Database) async throws -> [String: Int] {
        let sql = db as! any SQLDatabase
        let paidCounters = WorkspaceRole.allCases.filter(\.takesSeat).map { SeatHolders.counterColumn($0) }
        let seatsPart: SQLQueryString =
            if let account {
                """
                UNION ALL SELECT 'seats' AS k, \(unsafeRaw: paidCounters.joined(separator: " + ")) AS n
                FROM billing_accounts WHERE id = \(bind: account)
                """
            } else {
                ""
            }
        let rows = try await sql.raw(
            """
            SELECT role AS k, COUNT(*) AS n FROM workspace_memberships
            WHERE workspace_id = \(bind: workspace) AND removed_at IS NULL GROUP BY role
            UNION ALL SELECT 'projects' AS k, COUNT(*) AS n FROM projects WHERE workspace_id = \(bind: workspace)
            UNION ALL SELECT 'conversations' AS k, COUNT(*) AS n FROM conversations c
              JOIN projects p ON p.id = c.project_id WHERE p.workspace_id = \(bind: workspace)
            \(seatsPart)
            """
        ).all()
        var counts: [String: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }
}
