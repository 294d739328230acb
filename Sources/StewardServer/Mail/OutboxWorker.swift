import SMTPKit
import StewardCore
import StewardStore
import Vapor

/// Something that can deliver one email (SMTP in production, a recorder in tests), with the
/// images its HTML shows inline (a branded email's logo).
protocol MailTransport: Sendable {
    func deliver(_ email: QueuedEmail, inlineImages: [InlineImage]) async throws
}

/// Sends what is due in the outbox once. Several processes may run this at the same time:
/// each email is claimed by one of them (OutboxService.claimDue).
struct OutboxDelivery: Sendable {
    let services: StewardServices
    /// nil: no SMTP configured; emails are logged and kept for the development mailbox.
    let transport: (any MailTransport)?
    let logger: Logger
    let worker: String
    /// Deliveries and failures by email kind; nil when metrics are off.
    var metrics: StewardMetrics? = nil

    /// Sends due emails one claim at a time; answers how many it handled (at most `limit`).
    @discardableResult
    func deliverDue(limit: Int = 50) async throws -> Int {
        var handled = 0
        while handled < limit, let email = try await services.outbox.claimNext(worker: worker) {
            handled += 1
            guard let transport else {
                logger.info(
                    "email (no SMTP configured, kept in the development mailbox)",
                    metadata: ["to": .string(email.to), "subject": .string(email.subject), "kind": .string(email.kind)])
                try await services.outbox.markLogged(email.id, worker: worker)
                metrics?.recordDelivery(kind: email.kind, outcome: "logged")
                continue
            }
            guard try await services.outbox.confirmClaim(email.id, worker: worker) else {
                logger.warning(
                    "email claim lapsed before sending; another worker has it", metadata: ["kind": .string(email.kind)])
                continue
            }
            do {
                let images = try await inlineImages(for: email)
                try await transport.deliver(email, inlineImages: images)
                try await services.outbox.markSent(email.id, worker: worker)
                metrics?.recordDelivery(kind: email.kind, outcome: "sent")
            } catch {
                logger.warning(
                    "email delivery failed; will retry",
                    metadata: ["to": .string(email.to), "error": .string(String(describing: error))])
                let gaveUp = try await services.outbox.markFailed(
                    email.id, worker: worker, error: String(describing: error))
                metrics?.recordDelivery(kind: email.kind, outcome: gaveUp ? "failed" : "retry")
            }
        }
        return handled
    }
}

/// Runs `OutboxDelivery` every second while the server runs.
final class OutboxWorker: LifecycleHandler, @unchecked Sendable {
    private let delivery: OutboxDelivery
    private var task: Task<Void, Never>?

    init(delivery: OutboxDelivery) { self.delivery = delivery }

    func didBootAsync(_ application: Application) async throws {
        let delivery = self.delivery
        task = Task {
            while !Task.isCancelled {
                do {
                    let sent = try await delivery.deliverDue()
                    if sent > 0 { continue }  // more may be waiting
                } catch {
                    delivery.logger.warning("outbox worker: \(String(describing: error))")
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    func shutdownAsync(_ application: Application) async {
        task?.cancel()
        await task?.value
    }
}
