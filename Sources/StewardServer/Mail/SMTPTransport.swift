import SMTPKit
import StewardStore
import Vapor

/// Delivers queued emails over SMTP.
struct SMTPTransport: MailTransport {
    let client: SMTPClient

    func deliver(_ email: QueuedEmail, inlineImages: [InlineImage]) async throws {
        try await client.send(
            EmailMessage(
                to: email.to, subject: email.subject, text: email.text, html: email.html, inlineImages: inlineImages))
    }
}

extension Application {
    /// The outbox delivery this process runs: SMTP when configured, the log otherwise.
    func outboxDelivery() throws -> OutboxDelivery {
        var transport: (any MailTransport)?
        if let url = stewardConfig.smtpURL {
            let settings = try SMTPSettings.parse(url: url, from: stewardConfig.smtpFrom)
            transport = SMTPTransport(client: SMTPClient(settings: settings, eventLoopGroup: eventLoopGroup))
        }
        return OutboxDelivery(
            services: services, transport: transport, logger: logger,
            worker:
                "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UUID().uuidString.prefix(8))",
            metrics: stewardMetrics)
    }
}
