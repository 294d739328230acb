import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Fixed-window counters in the database, so every Steward process sees the same counts.
struct RateLimiter {
    let db: any Database
    let clock: any Clock
    let enabled: Bool

    /// Throws 429 when `key` has reached `limit` in its current window. Does not count.
    func check(_ key: String, _ limit: RateLimitPolicy.Limit, detail: String) async throws {
        guard enabled else { return }
        let now = clock.now()
        guard let row = try await RateLimitRow.query(on: db).filter(\.$key == key).first() else { return }
        let windowEnd = row.windowStart.addingTimeInterval(TimeInterval(limit.windowSeconds))
        if windowEnd > now && row.count >= limit.count {
            throw DomainError.tooManyRequests(
                retryAfter: Int(windowEnd.timeIntervalSince(now).rounded(.up)), detail: detail)
        }
    }

    /// Counts one event against `key`.
    func hit(_ key: String, _ limit: RateLimitPolicy.Limit) async throws {
        guard enabled else { return }
        let now = clock.now()
        for _ in 0..<3 {
            if let row = try await RateLimitRow.query(on: db).filter(\.$key == key).first() {
                if row.windowStart.addingTimeInterval(TimeInterval(limit.windowSeconds)) <= now {
                    // Window over: start a new one. Only one racer wins the guarded update.
                    try await RateLimitRow.query(on: db).filter(\.$key == key)
                        .filter(\.$windowStart == row.windowStart)
                        .set(\.$windowStart, to: now).set(\.$count, to: 1).update()
                } else if let sql = db as? any SQLDatabase {
                    // Increment in SQL so concurrent hits from several processes are all counted.
                    try await sql.update(RateLimitRow.schema)
                        .set(SQLIdentifier("count"), to: SQLRaw("count + 1"))
                        .where(SQLIdentifier("key"), .equal, SQLBind(key)).run()
                } else {
                    row.count += 1
                    try await row.save(on: db)
                }
                return
            }
            let row = RateLimitRow()
            row.key = key
            row.windowStart = now
            row.count = 1
            do {
                try await row.create(on: db)
                return
            } catch  where error.isConstraintViolation {
                continue  // another process created it first; count against theirs
            }
        }
    }

    func reset(_ key: String) async throws {
        guard enabled else { return }
        try await RateLimitRow.query(on: db).filter(\.$key == key).delete()
    }
}
