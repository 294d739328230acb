import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Keeps the membership history that statements are metered from. Every path that changes who
/// holds which role in a workspace calls `changed`, inside its own transaction.
struct SeatLedger {
    let db: any Database
    let now: Date

    /// Ends the person's current stretch in the workspace and, when they still hold a role,
    /// starts a new one with it.
    func changed(workspace: UUID, user: UUID, to role: WorkspaceRole?) async throws {
        let open = try await SeatPeriodRow.query(on: db).filter(\.$workspaceID == workspace).filter(\.$userID == user)
            .filter(\.$endedAt == nil).all()
        if let role, open.count == 1, open[0].role == role.rawValue { return }
        for period in open {
            period.endedAt = now
            try await period.save(on: db)
        }
        if let role {
            let period = SeatPeriodRow()
            period.workspaceID = workspace
            period.userID = user
            period.role = role.rawValue
            period.startedAt = now
            try await period.create(on: db)
        }
        if let account = try await WorkspaceRow.find(workspace, on: db)?.billingAccountID {
            try await SeatHolders.refresh(account: account, user: user, on: db)
        }
    }

    /// The month's seat holders of an account by the highest role each held at any moment of it
    /// (Metering's rule), aggregated by the database over the account's history.
    static func monthHolders(account: UUID, month: BillingMonth, on db: any Database) async throws -> (
        paid: [WorkspaceRole: Int], observers: Int
    ) {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT r, COUNT(*) AS n FROM (
              SELECT p.user_id, MAX(\(unsafeRaw: SeatHolders.rankExpression("p.role"))) AS r
              FROM seat_periods p JOIN workspaces w ON w.id = p.workspace_id
              WHERE w.billing_account_id = \(bind: account) AND p.started_at < \(bind: month.end)
                AND (p.ended_at IS NULL OR p.ended_at > \(bind: month.start))
              GROUP BY p.user_id
            ) holders GROUP BY r
            """
        ).all()
        var paid: [WorkspaceRole: Int] = [:]
        var observers = 0
        for row in rows {
            let rank = try row.decode(column: "r", as: Int.self)
            let n = try row.decode(column: "n", as: Int.self)
            guard let role = WorkspaceRole.allCases.first(where: { $0.rank == rank }) else { continue }
            if role.takesSeat { paid[role] = n } else { observers = n }
        }
        return (paid, observers)
    }

    /// Paid seats of the account in each month (people holding a paid role at any moment of it,
    /// once), in one statement whatever the number of months: the months are a VALUES list.
    static func monthlySeats(account: UUID, months: [BillingMonth], on db: any Database) async throws -> [Int] {
        guard !months.isEmpty else { return [] }
        var values = SQLQueryString("")
        for (index, month) in months.enumerated() {
            if index > 0 { values.appendLiteral(", ") }
            values.appendInterpolation(unsafeRaw: "(\(index), ")
            values.appendInterpolation(bind: month.start)
            values.appendLiteral(", ")
            values.appendInterpolation(bind: month.end)
            values.appendLiteral(")")
        }
        let rows = try await (db as! any SQLDatabase).raw(
            """
            WITH months(k, s, e) AS (VALUES \(values))
            SELECT m.k AS k, COUNT(DISTINCT p.user_id) AS n
            FROM months m
            JOIN seat_periods p ON p.started_at < m.e AND (p.ended_at IS NULL OR p.ended_at > m.s)
            JOIN workspaces w ON w.id = p.workspace_id
            WHERE w.billing_account_id = \(bind: account) AND p.role <> \(bind: WorkspaceRole.observer.rawValue)
            GROUP BY m.k
            """
        ).all()
        var seats = [Int](repeating: 0, count: months.count)
        for row in rows {
            let index = try row.decode(column: "k", as: Int.self)
            if seats.indices.contains(index) { seats[index] = try row.decode(column: "n", as: Int.self) }
        }
        return seats
    }
}
