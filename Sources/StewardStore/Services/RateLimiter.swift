import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Fixed-window counters in the database, so every Steward process sees the same counts.
struct RateLimiter {
    let db: any Database
    let clock: any Clock
    let enabled: Bool
    var events: any ServiceEventSink = IgnoredServiceEvents()

    /// Throws 429 when `key` has reached `limit` in its current window. Does not count.
    func check(_ key: String, _ limit: RateLimitPolicy.Limit, detail: String) async throws {
        guard enabled else { return }
        let now = clock.now()
        guard let row = try await RateLimitRow.query(on: db).filter(\.$key == key).first() else { return }
        let windowEnd = row.windowStart.addingTimeInterval(TimeInterval(limit.windowSeconds))
        if windowEnd > now && row.count >= limit.count {
            events.record(.rateLimited(rule: Self.ruleName(ofKey: key)))
            throw DomainError.tooManyRequests(
                retryAfter: Int(windowEnd.timeIntervalSince(now).rounded(.up)), detail: detail)
        }
    }

    /// Counts one event and checks the limit in one statement (NOTES §11), so parallel requests
    /// cannot pass a limit together: the event that goes over it gets 429. An expired window
    /// starts again at this event.
    func take(_ key: String, _ limit: RateLimitPolicy.Limit, detail: String) async throws {
        guard enabled else { return }
        let now = clock.now()
        let expired = now.addingTimeInterval(-TimeInterval(limit.windowSeconds))
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                INSERT INTO rate_limits (id, key, window_start, count)
                VALUES (\(bind: UUID()), \(bind: key), \(bind: now), 1)
                ON CONFLICT (key) DO UPDATE SET
                  count = CASE WHEN rate_limits.window_start <= \(bind: expired) THEN 1 ELSE rate_limits.count + 1 END,
                  window_start = CASE WHEN rate_limits.window_start <= \(bind: expired) THEN \(bind: now)
                    ELSE rate_limits.window_start END
                RETURNING count, window_start
                """
            ).first()
        else { return }
        let count = try row.decode(column: "count", as: Int.self)
        guard count > limit.count else { return }
        let windowEnd = try row.decode(column: "window_start", as: Date.self)
            .addingTimeInterval(TimeInterval(limit.windowSeconds))
        events.record(.rateLimited(rule: Self.ruleName(ofKey: key)))
        throw DomainError.tooManyRequests(
            retryAfter: Int(windowEnd.timeIntervalSince(now).rounded(.up)), detail: detail)
    }

    /// Takes back one counted event that turned out not to count (a sign-in that succeeded, an
    /// invite that sent nothing).
    func giveBack(_ key: String) async throws {
        guard enabled else { return }
        let sql = db as! any SQLDatabase
        try await sql.raw("UPDATE rate_limits SET count = count - 1 WHERE key = \(bind: key) AND count > 0").run()
    }

    func reset(_ key: String) async throws {
        guard enabled else { return }
        try await RateLimitRow.query(on: db).filter(\.$key == key).delete()
    }
}
