import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// Records deliveries; fails while `failing` is set.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var _delivered: [QueuedEmail] = []
    var failing = false
    var delivered: [QueuedEmail] { lock.withLock { _delivered } }

    func deliver(_ email: QueuedEmail) async throws {
        if lock.withLock({ failing }) { throw SMTPError.timedOut(.seconds(1)) }
        lock.withLock { _delivered.append(email) }
    }
}

@Suite("Outbox delivery")
struct OutboxTests {
    @Test("an invite's email is delivered once; a failure retries with backoff and never loses the invite")
    func deliveryAndRetry() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let transport = RecordingTransport()
            let delivery = OutboxDelivery(
                services: app.services, transport: transport, logger: app.logger, worker: "w1")
            while try await delivery.deliverDue() > 0 {}  // the fixture's "added" notices
            let before = transport.delivered.count
            transport.failing = true
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["later@example.com"], "role": "member"])
            #expect(try await delivery.deliverDue() == 1)
            var row = try #require(try await app.lastEmail(to: "later@example.com"))
            #expect(row.status == "pending" && row.attempts == 1 && row.lastError != nil)
            #expect(try await delivery.deliverDue() == 0, "not due again before the backoff")
            let token = try await app.invitationToken(to: "later@example.com")
            #expect(try await app.send(.GET, "/api/v1/invitations/\(token)").string("status") == "pending")
            transport.failing = false
            clock.advance(by: 31)
            #expect(try await delivery.deliverDue() == 1)
            row = try #require(try await app.lastEmail(to: "later@example.com"))
            #expect(row.status == "sent")
            #expect(transport.delivered.count == before + 1)
            #expect(transport.delivered.last?.text.contains("/invitations/\(token)") == true)
            #expect(try await delivery.deliverDue() == 0, "sent once")
        }
    }

    @Test("two workers never deliver the same email")
    func exclusiveClaims() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": (0..<12).map { "p\($0)@example.com" }, "role": "member"])
            let a = RecordingTransport()
            let b = RecordingTransport()
            let workerA = OutboxDelivery(services: app.services, transport: a, logger: app.logger, worker: "a")
            let workerB = OutboxDelivery(services: app.services, transport: b, logger: app.logger, worker: "b")
            for _ in 0..<6 {
                async let x = workerA.deliverDue()
                async let y = workerB.deliverDue()
                _ = try await (x, y)
            }
            let ids = a.delivered.map(\.id) + b.delivered.map(\.id)
            #expect(Set(ids).count == ids.count, "no email went out twice")
            let pending = try await app.services.outbox.recent(limit: 500).filter { $0.status != "sent" }
            #expect(pending.isEmpty, "everything was delivered: \(pending.map(\.to))")
        }
    }

    @Test("without SMTP, emails are logged and kept for the development mailbox")
    func loggedWithoutSMTP() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let delivery = OutboxDelivery(services: app.services, transport: nil, logger: app.logger, worker: "dev")
            while try await delivery.deliverDue() > 0 {}
            let emails = try await app.services.outbox.recent(limit: 500)
            #expect(!emails.isEmpty && emails.allSatisfy { $0.status == "logged" })
            _ = world
        }
    }
}
