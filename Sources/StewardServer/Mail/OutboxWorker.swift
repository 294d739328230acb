import StewardCore
import StewardStore
import Vapor

/// Something that can deliver one email (SMTP in production, a recorder in tests).
protocol MailTransport: Sendable {
    func deliver(_ email: QueuedEmail) async throws
}

/// Sends what is due in the outbox once. Several processes may run this at the same time:
/// each email is claimed by one of them (OutboxService.claimDue).
struct OutboxDelivery: Sendable {
    let services: StewardServices
    /// nil: no SMTP configured; emails are logged and kept for the development mailbox.
    let transport: (any MailTransport)?
    let logger: Logger
    let worker: String

    @discardableResult
    func deliverDue() async throws -> Int {
        let due = try await services.outbox.claimDue(worker: worker)
        for email in due {
            guard let transport else {
                logger.info(
                    "email (no SMTP configured, kept in the development mailbox)",
                    metadata: ["to": .string(email.to), "subject": .string(email.subject), "kind": .string(email.kind)])
                logger.debug("\(email.text)")
                try await services.outbox.markLogged(email.id, worker: worker)
                continue
            }
            do {
                try await transport.deliver(email)
                try await services.outbox.markSent(email.id, worker: worker)
            } catch {
                logger.warning(
                    "email delivery failed; will retry",
                    metadata: ["to": .string(email.to), "error": .string(String(describing: error))])
                try await services.outbox.markFailed(email.id, worker: worker, error: String(describing: error))
            }
        }
        return due.count
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
