import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Emails as durable rows: written in the caller's transaction, delivered later by a worker.
enum Outbox {
    static func enqueue(_ email: EmailContent, on db: any Database, now: Date) async throws {
        let row = OutboxRow()
        row.toAddress = email.to
        row.subject = email.subject
        row.textBody = email.text
        row.htmlBody = email.html
        row.kind = email.kind
        // The logo by reference only: its bytes are read when the email is sent.
        row.brandName = email.brand?.name
        row.brandLogo = email.brand?.logo?.key
        row.status = "pending"
        row.attempts = 0
        row.nextAttemptAt = now
        row.createdAt = now
        try await row.create(on: db)
    }
}

/// One queued email as the delivery worker and the development mailbox see it.
public struct QueuedEmail: Sendable {
    public var id: UUID
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    public var kind: String
    public var status: String
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var sentAt: Date?
    /// Whose name and logo head the email (the logo is read by `OutboxService.logo(for:)`).
    public var brand: EmailBrand? = nil
}

extension OutboxRow {
    var value: QueuedEmail {
        QueuedEmail(
            id: id!, to: toAddress, subject: subject, text: textBody, html: htmlBody, kind: kind, status: status,
            attempts: attempts, lastError: lastError, createdAt: createdAt, sentAt: sentAt,
            brand: brandName.map { EmailBrand(name: $0, logo: brandLogo.flatMap(LogoSource.init(key:))) })
    }
}

/// Delivery bookkeeping. Safe with several processes: a row is claimed by a guarded update, so
/// only one worker sends it; a crashed worker's claim runs out and another picks it up; a worker
/// confirms its claim right before sending and never sends on a lost one.
public struct OutboxService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    public static let maximumAttempts = 8

    /// Claims the oldest due email for `worker` for `lease` seconds, and counts the attempt now: a
    /// worker that dies while sending still used one, so a message that crashes its sender cannot
    /// be retried for ever. One at a time, so a lease only ever covers one send.
    public func claimNext(worker: String, lease: TimeInterval = 120) async throws -> QueuedEmail? {
        let now = env.clock.now()
        let sql = db as! any SQLDatabase
        for _ in 0..<8 {
            guard
                let candidate = try await OutboxRow.query(on: db).filter(\.$status == "pending")
                    .filter(\.$nextAttemptAt <= now)
                    .group(.or, { $0.filter(\.$lockedUntil == nil).filter(\.$lockedUntil <= now) })
                    .sort(\.$nextAttemptAt).sort(\.$createdAt).first()
            else { return nil }
            if candidate.attempts >= Self.maximumAttempts {
                // Its last attempt never reported back (the sender died mid-send): give up, say why.
                try await OutboxRow.query(on: db).filter(\.$id == candidate.id!).filter(\.$status == "pending")
                    .set(\.$status, to: "failed").set(\.$lockedUntil, to: nil)
                    .set(
                        \.$lastError,
                        to: "gave up after \(candidate.attempts) attempts; the last one was interrupted"
                            + (candidate.lastError.map { " (earlier: \($0))" } ?? "")
                    ).update()
                continue
            }
            let claimed = try await sql.raw(
                """
                UPDATE outbox SET locked_by = \(bind: worker), locked_until = \(bind: now.addingTimeInterval(lease)),
                  attempts = attempts + 1
                WHERE id = \(bind: candidate.id!) AND status = 'pending'
                  AND (locked_until IS NULL OR locked_until <= \(bind: now))
                RETURNING id
                """
            ).all()
            guard !claimed.isEmpty else { continue }  // another worker took it first
            candidate.attempts += 1
            candidate.lockedBy = worker
            return candidate.value
        }
        return nil
    }

    /// Right before sending: the claim is still this worker's (renewed for another `lease`). A
    /// worker whose lease ran out must not send, since another worker may be sending it already.
    public func confirmClaim(_ id: UUID, worker: String, lease: TimeInterval = 120) async throws -> Bool {
        let now = env.clock.now()
        let sql = db as! any SQLDatabase
        return try await !sql.raw(
            """
            UPDATE outbox SET locked_until = \(bind: now.addingTimeInterval(lease))
            WHERE id = \(bind: id) AND locked_by = \(bind: worker) AND status = 'pending'
              AND locked_until > \(bind: now)
            RETURNING id
            """
        ).all().isEmpty
    }

    public func markSent(_ id: UUID, worker: String) async throws {
        try await OutboxRow.query(on: db).filter(\.$id == id).filter(\.$lockedBy == worker)
            .set(\.$status, to: "sent").set(\.$sentAt, to: env.clock.now()).set(\.$lockedUntil, to: nil)
            .set(\.$lastError, to: nil).update()
    }

    /// Without SMTP the email is written to the log and kept for the development mailbox.
    public func markLogged(_ id: UUID, worker: String) async throws {
        try await OutboxRow.query(on: db).filter(\.$id == id).filter(\.$lockedBy == worker)
            .set(\.$status, to: "logged").set(\.$sentAt, to: env.clock.now()).set(\.$lockedUntil, to: nil).update()
    }

    /// Schedules a retry with exponential backoff (30 s, 1, 2, 4 … minutes, at most 1 hour), or
    /// gives up after the last attempt. The invite itself is never touched by a delivery failure.
    /// True when it gave up.
    @discardableResult
    public func markFailed(_ id: UUID, worker: String, error: String) async throws -> Bool {
        guard let row = try await OutboxRow.find(id, on: db), row.lockedBy == worker else { return false }
        row.lastError = String(error.prefix(500))
        row.lockedUntil = nil
        if row.attempts >= Self.maximumAttempts {
            row.status = "failed"
        } else {
            let delay = min(3600, 30 * pow(2, Double(row.attempts - 1)))
            row.nextAttemptAt = env.clock.now().addingTimeInterval(delay)
        }
        try await row.save(on: db)
        return row.status == "failed"
    }

    /// The newest emails, for the development mailbox.
    public func recent(limit: Int = 100) async throws -> [QueuedEmail] {
        try await OutboxRow.query(on: db).sort(\.$createdAt, .descending).limit(limit).all().map(\.value)
    }

    public func email(_ id: UUID) async throws -> QueuedEmail? {
        try await OutboxRow.find(id, on: db)?.value
    }
}
