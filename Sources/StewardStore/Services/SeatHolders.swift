import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Who holds a seat on each billing account, kept up to date in the same transaction as every
/// membership change, so that seats and usage are read from a handful of counters instead of
/// being recounted from every membership of a pooled account (which can hold a million).
///
/// `seat_holders` has one row per person and account with the rank of the highest role they hold
/// in any of its workspaces; `billing_accounts.holders_<role>` counts those rows by role.
enum SeatHolders {
    static func counterColumn(_ role: WorkspaceRole) -> String { "holders_\(role.rawValue)" }

    /// The SQL expression that turns a role column into its rank (observer 0 … owner 5).
    static func rankExpression(_ column: String) -> String {
        "CASE "
            + WorkspaceRole.allCases.map { "WHEN \(column) = '\($0.rawValue)' THEN \($0.rank)" }.joined(separator: " ")
            + " END"
    }

    /// Recomputes one person's standing on the account after their membership in one of its
    /// workspaces changed (the change is already written in this transaction).
    static func refresh(account: UUID, user: UUID, on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        if sql.dialect.name == "postgresql" {
            // Changes on one account take turns, so two workspaces adding the same person at the
            // same moment cannot both count them. SQLite already runs one writer at a time.
            try await sql.raw("SELECT id FROM billing_accounts WHERE id = \(bind: account) FOR UPDATE").run()
        }
        let highest = try await currentHighest(account: account, user: user, sql: sql)
        let previous = try await sql.raw(
            "SELECT rank FROM seat_holders WHERE billing_account_id = \(bind: account) AND user_id = \(bind: user)"
        ).first().map { try $0.decode(column: "rank", as: Int.self) }
        guard highest != previous else { return }
        if highest == nil {
            try await sql.raw(
                "DELETE FROM seat_holders WHERE billing_account_id = \(bind: account) AND user_id = \(bind: user)"
            ).run()
        } else if previous == nil, let highest {
            try await sql.raw(
                """
                INSERT INTO seat_holders (billing_account_id, user_id, rank)
                VALUES (\(bind: account), \(bind: user), \(bind: highest))
                """
            ).run()
        } else if let highest {
            try await sql.raw(
                """
                UPDATE seat_holders SET rank = \(bind: highest)
                WHERE billing_account_id = \(bind: account) AND user_id = \(bind: user)
                """
            ).run()
        }
        var changes: [String] = []
        if let previous, let role = WorkspaceRole.allCases.first(where: { $0.rank == previous }) {
            changes.append("\(counterColumn(role)) = \(counterColumn(role)) - 1")
        }
        if let highest, let role = WorkspaceRole.allCases.first(where: { $0.rank == highest }) {
            changes.append("\(counterColumn(role)) = \(counterColumn(role)) + 1")
        }
        try await sql.raw(
            "UPDATE billing_accounts SET \(unsafeRaw: changes.joined(separator: ", ")) WHERE id = \(bind: account)"
        ).run()
    }

    private static func currentHighest(account: UUID, user: UUID, sql: any SQLDatabase) async throws -> Int? {
        try await sql.raw(
            """
            SELECT MAX(\(unsafeRaw: rankExpression("m.role"))) AS rank FROM workspace_memberships m
            JOIN workspaces w ON w.id = m.workspace_id
            WHERE m.user_id = \(bind: user) AND m.removed_at IS NULL AND w.billing_account_id = \(bind: account)
            """
        ).first().flatMap { try $0.decodeNil(column: "rank") ? nil : $0.decode(column: "rank", as: Int.self) }
    }

    /// Rebuilds every holder row and counter from the memberships (the migration that introduced
    /// them, and `steward reindex` after data was loaded directly into the database).
    static func rebuild(on db: any Database) async throws {
        let sql = db as! any SQLDatabase
        try await sql.raw("DELETE FROM seat_holders").run()
        try await sql.raw(
            """
            INSERT INTO seat_holders (billing_account_id, user_id, rank)
            SELECT w.billing_account_id, m.user_id, MAX(\(unsafeRaw: rankExpression("m.role")))
            FROM workspace_memberships m JOIN workspaces w ON w.id = m.workspace_id
            WHERE m.removed_at IS NULL AND w.billing_account_id IS NOT NULL
            GROUP BY w.billing_account_id, m.user_id
            """
        ).run()
        let counters = WorkspaceRole.allCases.map { role in
            "\(counterColumn(role)) = (SELECT COUNT(*) FROM seat_holders h "
                + "WHERE h.billing_account_id = billing_accounts.id AND h.rank = \(role.rank))"
        }
        try await sql.raw("UPDATE billing_accounts SET \(unsafeRaw: counters.joined(separator: ", "))").run()
    }
}

extension SeatHolders {
    /// The seats of one account (NOTES §7) in one statement: the holder counters plus the
    /// addresses that a live paid invite reserves and that hold no seat yet.
    static func count(account: UUID, now: Date, on db: any Database) async throws -> SeatCount {
        let sql = db as! any SQLDatabase
        let paid = WorkspaceRole.allCases.filter(\.takesSeat)
        let firstPaidRank = paid.map(\.rank).min()!
        let columns = WorkspaceRole.allCases.map { counterColumn($0) }.joined(separator: ", ")
        guard
            let row = try await sql.raw(
                """
                SELECT \(unsafeRaw: columns), (
                  SELECT COUNT(DISTINCT i.email) FROM invites i
                  WHERE i.billing_account_id = b.id AND i.state = \(bind: EmailInviteState.pending.rawValue)
                    AND i.expires_at > \(bind: now) AND i.role IN (\(binds: paid.map(\.rawValue)))
                    AND NOT EXISTS (
                      SELECT 1 FROM users u JOIN seat_holders h ON h.user_id = u.id
                      WHERE u.email = i.email AND h.billing_account_id = b.id AND h.rank >= \(bind: firstPaidRank))
                ) AS reserved
                FROM billing_accounts b WHERE b.id = \(bind: account)
                """
            ).first()
        else { return SeatCount(seatsUsed: 0, pendingSeats: 0, observers: 0, byRole: [:]) }
        var byRole: [WorkspaceRole: Int] = [:]
        for role in WorkspaceRole.allCases {
            let n = try row.decode(column: counterColumn(role), as: Int.self)
            if n > 0 { byRole[role] = n }
        }
        return SeatCount(
            seatsUsed: paid.reduce(0) { $0 + (byRole[$1] ?? 0) },
            pendingSeats: try row.decode(column: "reserved", as: Int.self),
            observers: byRole[.observer] ?? 0, byRole: byRole)
    }
}

/// Work an operator runs by hand (`steward reindex`).
public enum Maintenance {
    /// Rebuilds what Steward derives from its base tables, after data was loaded into the database
    /// directly (a bulk import, the benchmark's seeding) or to repair it. Safe to run at any time.
    public static func rebuildDerivedData(on db: any Database) async throws {
        try await db.transaction { tx in
            try await SeatHolders.rebuild(on: tx)
            try await ConversationSearch.rebuild(on: tx)
        }
    }
}
