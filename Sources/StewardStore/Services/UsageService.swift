import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Usage of a workspace's billing account (NOTES §7): seats, members by role, the work.
public struct Usage: Sendable {
    /// People holding a paid role in any workspace of the billing account, each counted once.
    public var seatsUsed: Int
    public var observers: Int
    /// Members of this workspace by role (explicit memberships only; oversight is free).
    public var byRole: [WorkspaceRole: Int]
    public var projects: Int
    public var conversations: Int
    public var tier: Tier
}

extension WorkspaceService {
    public func usage(_ id: WorkspaceID, by actor: UserID) async throws -> Usage {
        let ctx = try await context(id, user: actor)
        try ctx.require(.viewUsage)
        // One statement of (key, count) rows: this workspace's members by role, its projects and
        // conversations, and the account's seat holders from their counters.
        let sql = db as! any SQLDatabase
        let paidCounters = WorkspaceRole.allCases.filter(\.takesSeat).map { SeatHolders.counterColumn($0) }
        let seatsPart: SQLQueryString =
            if let account = ctx.workspace.billingAccountID?.uuid {
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
            WHERE workspace_id = \(bind: id.uuid) AND removed_at IS NULL GROUP BY role
            UNION ALL SELECT 'projects' AS k, COUNT(*) AS n FROM projects WHERE workspace_id = \(bind: id.uuid)
            UNION ALL SELECT 'conversations' AS k, COUNT(*) AS n FROM conversations c
              JOIN projects p ON p.id = c.project_id WHERE p.workspace_id = \(bind: id.uuid)
            \(seatsPart)
            """
        ).all()
        var counts: [String: Int] = [:]
        for row in rows {
            counts[try row.decode(column: "k", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        var byRole: [WorkspaceRole: Int] = [:]
        for role in WorkspaceRole.allCases { if let n = counts[role.rawValue], n > 0 { byRole[role] = n } }
        // A workspace without an account of its own (never created so today) counts its own people.
        let seats = counts["seats"] ?? WorkspaceRole.allCases.filter(\.takesSeat).reduce(0) { $0 + (byRole[$1] ?? 0) }
        return Usage(
            seatsUsed: seats, observers: byRole[.observer] ?? 0, byRole: byRole, projects: counts["projects"] ?? 0,
            conversations: counts["conversations"] ?? 0, tier: ctx.tier)
    }
}
