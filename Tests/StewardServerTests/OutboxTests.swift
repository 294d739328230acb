import Foundation
import SMTPKit
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// Records deliveries (with their inline images); fails while `failing` is set.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var _delivered: [QueuedEmail] = []
    private var _images: [UUID: [InlineImage]] = [:]
    var failing = false
    var delivered: [QueuedEmail] { lock.withLock { _delivered } }
    /// The inline images each delivered email went with, by its id.
    var inlineImages: [UUID: [InlineImage]] { lock.withLock { _images } }

    func deliver(_ email: QueuedEmail, inlineImages: [InlineImage]) async throws {
        if lock.withLock({ failing }) { throw SMTPError.timedOut(.seconds(1)) }
        lock.withLock {
            _delivered.append(email)
            _images[email.id] = inlineImages
        }
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

    @Test("a worker whose claim ran out does not send; the one that holds it sends once")
    func lostClaimIsNotSent() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let quiet = OutboxDelivery(services: app.services, transport: nil, logger: app.logger, worker: "setup")
            while try await quiet.deliverDue() > 0 {}
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["slow@example.com"], "role": "member"])
            let outbox = app.services.outbox
            let first = try #require(try await outbox.claimNext(worker: "a", lease: 120))
            clock.advance(by: 121)  // a's send took longer than its lease
            let second = try #require(try await outbox.claimNext(worker: "b", lease: 120))
            #expect(second.id == first.id && second.attempts == 2)
            #expect(try await outbox.confirmClaim(first.id, worker: "a") == false, "a must not send")
            #expect(try await outbox.confirmClaim(second.id, worker: "b"))
        }
    }

    @Test("a message whose sender keeps dying is given up after the attempt limit, with the reason kept")
    func crashesCountAsAttempts() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let quiet = OutboxDelivery(services: app.services, transport: nil, logger: app.logger, worker: "setup")
            while try await quiet.deliverDue() > 0 {}
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["poison@example.com"], "role": "member"])
            let outbox = app.services.outbox
            for attempt in 1...OutboxService.maximumAttempts {
                let claimed = try #require(try await outbox.claimNext(worker: "w\(attempt)", lease: 60))
                #expect(claimed.attempts == attempt)
                clock.advance(by: 61)  // the worker died mid-send: no report, the lease runs out
            }
            #expect(try await outbox.claimNext(worker: "last", lease: 60) == nil)
            let row = try #require(try await app.lastEmail(to: "poison@example.com"))
            #expect(
                row.status == "failed" && row.lastError?.contains("interrupted") == true,
                "\(row.status) \(row.lastError ?? "")")
        }
    }
}
