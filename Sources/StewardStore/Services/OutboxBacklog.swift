import FluentKit
import FluentSQL
import Foundation

/// How the queue stands, for the metrics: what waits, since when, and what was given up.
public struct OutboxBacklog: Sendable, Equatable {
    public var pending: Int
    public var failed: Int
    /// When the oldest email still waiting was queued; nil when nothing waits.
    public var oldestPendingSince: Date?
}

extension OutboxService {
    /// One statement over the `(status, next_attempt_at)` index: sent emails are never read.
    public func backlog() async throws -> OutboxBacklog {
        let sql = db as! any SQLDatabase
        let row = try await sql.raw(
            """
            SELECT SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,
                   SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END) AS failed,
                   MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest
            FROM outbox WHERE status IN ('pending', 'failed')
            """
        ).first()
        return OutboxBacklog(
            // SUM over no rows is NULL.
            pending: try row?.decode(column: "pending", as: Int?.self) ?? 0,
            failed: try row?.decode(column: "failed", as: Int?.self) ?? 0,
            oldestPendingSince: try row?.decode(column: "oldest", as: Date?.self))
    }
}
