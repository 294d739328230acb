import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Sends one message per call over a fresh SMTP connection.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings
    public let eventLoopGroup: any EventLoopGroup
    public let timeout: TimeAmount
    public let tlsConfiguration: TLSConfiguration

    /// `tlsConfiguration` defaults to verifying the server's certificate against the system's roots
    /// and its name against `settings.host`.
    public init(
        settings: SMTPSettings, eventLoopGroup: any EventLoopGroup, timeout: TimeAmount = .seconds(20),
        tlsConfiguration: TLSConfiguration = .makeClientConfiguration()
    ) {
        self.settings = settings
        self.eventLoopGroup = eventLoopGroup
        self.timeout = timeout
        self.tlsConfiguration = tlsConfiguration
    }

    public func send(_ message: EmailMessage) async throws {
        let sender: Mailbox
        let recipient: Mailbox
        do {
            sender = try Mailbox.parse(settings.from)
            recipient = try Mailbox.parse(message.to)
        } catch let error as SMTPSettingsError {
            throw SMTPError.invalidAddress(error.message)
        }
        // The name goes into EHLO verbatim: a line break in it would smuggle in commands of its own.
        guard !settings.heloName.isEmpty,
            settings.heloName.unicodeScalars.allSatisfy({ (0x21...0x7E).contains($0.value) })
        else {
            throw SMTPError.invalidAddress("the EHLO name must be a host name without spaces: \"\(settings.heloName)\"")
        }
        let data = Self.dotStuffed(
            Self.render(message, settings: settings, date: Date(), messageID: Self.makeMessageID(settings.heloName)))

        let deadline = NIODeadline.now() + timeout
        let sslContext = settings.security == .plain ? nil : try NIOSSLContext(configuration: tlsConfiguration)
        let channel = try await connect(sslContext: settings.security == .tls ? sslContext : nil)

        let delivered = NIOLockedValueBox(false)
        let settings = self.settings
        let timeout = self.timeout
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await channel.executeThenClose { inbound, outbound in
                    var session = SMTPSession(reader: ReplyReader(inbound.makeAsyncIterator()), writer: outbound)
                    try await session.deliver(
                        settings: settings, sender: sender, recipient: recipient, data: data,
                        upgrade: {
                            try await Self.addTLS(to: channel.channel, context: sslContext!, host: settings.host)
                        },
                        delivered: { delivered.withLockedValue { $0 = true } })
                }
            }
            group.addTask {
                let remaining = deadline - NIODeadline.now()
                try await Task.sleep(nanoseconds: UInt64(max(0, remaining.nanoseconds)))
                throw SMTPError.timedOut(timeout)
            }
            do {
                _ = try await group.next()
                group.cancelAll()
            } catch {
                group.cancelAll()
                // Closing here, not only by cancellation, guarantees the exchange ends even if some await in it
                // does not react to cancellation.
                channel.channel.close(promise: nil)
                // Once the server took the message, a slow or failed goodbye must not make the caller send it twice.
                if delivered.withLockedValue({ $0 }) { return }
                throw error
            }
        }
    }

    private func connect(sslContext: NIOSSLContext?) async throws -> NIOAsyncChannel<ByteBuffer, ByteBuffer> {
        guard let bootstrap = ClientBootstrap(validatingGroup: eventLoopGroup) else {
            throw SMTPError.connectionFailed(
                host: settings.host, port: settings.port, reason: "the event loop group cannot make TCP connections")
        }
        let host = settings.host
        do {
            return try await bootstrap.connectTimeout(timeout).connect(host: host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        let handler = try NIOSSLClientHandler(context: sslContext, serverHostname: Self.sniName(host))
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        } catch let error as ChannelError where error == .connectTimeout(timeout) {
            throw SMTPError.timedOut(timeout)
        } catch {
            throw SMTPError.connectionFailed(host: host, port: settings.port, reason: String(describing: error))
        }
    }

    private static func addTLS(to channel: any Channel, context: NIOSSLContext, host: String) async throws {
        try await channel.eventLoop.submit {
            let handler = try NIOSSLClientHandler(context: context, serverHostname: sniName(host))
            // First in the pipeline: everything read or written from now on passes through TLS.
            try channel.pipeline.syncOperations.addHandler(handler, position: .first)
        }.get()
    }

    // SNI carries names only; for an IP address NIOSSL checks the certificate against the peer's address.
    private static func sniName(_ host: String) -> String? {
        (try? SocketAddress(ipAddress: host, port: 0)) == nil ? host : nil
    }

    static func makeMessageID(_ heloName: String) -> String {
        let random = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
        return "<\(random)@\(heloName)>"
    }

    /// The DATA payload: a line starting with "." gets another, so that no line of the message can end it.
    static func dotStuffed(_ data: String) -> String {
        var stuffed = data.replacingOccurrences(of: "\r\n.", with: "\r\n..")
        if stuffed.hasPrefix(".") { stuffed = "." + stuffed }
        if !stuffed.hasSuffix("\r\n") { stuffed += "\r\n" }
        return stuffed
    }

    /// The message as it goes over the wire (before dot-stuffing): 7-bit only, CRLF line ends, body lines of
    /// at most 76 characters.
    static func render(_ message: EmailMessage, settings: SMTPSettings, date: Date, messageID: String) -> String {
        // "=_" never occurs in quoted-printable or base64 output, so no boundary can collide with the parts.
        let unique = String(messageID.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(40))
        let boundary = "=_steward_" + unique
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"

        var lines = [
            "Date: " + formatter.string(from: date),
            "From: " + MIME.mailboxHeader(settings.from),
            "To: " + MIME.mailboxHeader(message.to),
            MIME.subjectHeader(message.subject),
            "Message-ID: " + MIME.headerSafe(messageID),
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
            "",
        ]
        lines += ["--" + boundary] + MIME.textPart("text/plain", message.text)
        lines.append("--" + boundary)
        if message.inlineImages.isEmpty {
            lines += MIME.textPart("text/html", message.html)
        } else {
            // Another prefix, so that neither boundary is the start of the other.
            lines += MIME.relatedPart(html: message.html, images: message.inlineImages, boundary: "=_related_" + unique)
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// One conversation, command by command; every reply is checked before the next command.
private struct SMTPSession {
    var reader: ReplyReader
    let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>

    mutating func deliver(
        settings: SMTPSettings, sender: Mailbox, recipient: Mailbox, data: String,
        upgrade: () async throws -> Void, delivered: () -> Void
    ) async throws {
        _ = try await expect([220], step: "greeting")
        var capabilities = try await hello(settings.heloName)
        if settings.security == .startTLS {
            guard capabilities.contains(where: { $0.uppercased() == "STARTTLS" }) else {
                throw SMTPError.startTLSNotOffered
            }
            _ = try await command("STARTTLS", step: "STARTTLS", expect: [220])
            // Bytes that arrived before the handshake were never encrypted: an attacker in the middle could
            // have put them there to be read as the server's answers after the upgrade.
            guard !reader.hasBufferedBytes else {
                throw SMTPError.malformedReply(
                    step: "STARTTLS", detail: "the server sent data before the TLS handshake")
            }
            try await run(step: "STARTTLS handshake") { try await upgrade() }
            // RFC 3207: what the server said before TLS cannot be trusted, so ask again.
            capabilities = try await hello(settings.heloName)
        }
        if let username = settings.username {
            try await authenticate(username: username, password: settings.password ?? "", capabilities: capabilities)
        }
        _ = try await command("MAIL FROM:<\(sender.address)>", step: "MAIL FROM", expect: [250])
        _ = try await command("RCPT TO:<\(recipient.address)>", step: "RCPT TO", expect: [250, 251])
        _ = try await command("DATA", step: "DATA", expect: [354])
        try await run(step: "DATA") { [writer] in try await writer.write(ByteBuffer(string: data + ".\r\n")) }
        _ = try await expect([250], step: "end of DATA")
        delivered()
        _ = try? await command("QUIT", step: "QUIT", expect: [221])
    }

    /// EHLO, or HELO for a server that does not speak ESMTP; returns the advertised extensions.
    private mutating func hello(_ name: String) async throws -> [String] {
        let reply = try await command("EHLO \(name)", step: "EHLO", expect: [250, 500, 501, 502, 504, 550])
        if reply.code == 250 { return Array(reply.lines.dropFirst()) }
        _ = try await command("HELO \(name)", step: "HELO", expect: [250])
        return []
    }

    private mutating func authenticate(username: String, password: String, capabilities: [String]) async throws {
        let advertised = capabilities.first { $0.uppercased().hasPrefix("AUTH ") || $0.uppercased().hasPrefix("AUTH=") }
        let mechanisms = Set(
            (advertised ?? "").dropFirst(5).uppercased().split(separator: " ").map(String.init))
        // The step names carry no credentials: they end up in error messages.
        if mechanisms.contains("PLAIN") {
            let token = Data(([0] + Array(username.utf8) + [0] + Array(password.utf8))).base64EncodedString()
            _ = try await command("AUTH PLAIN \(token)", step: "AUTH PLAIN", expect: [235])
        } else if mechanisms.contains("LOGIN") {
            _ = try await command("AUTH LOGIN", step: "AUTH LOGIN", expect: [334])
            _ = try await command(
                Data(username.utf8).base64EncodedString(), step: "AUTH LOGIN (user name)", expect: [334])
            _ = try await command(
                Data(password.utf8).base64EncodedString(), step: "AUTH LOGIN (password)", expect: [235])
        } else {
            throw SMTPError.authenticationNotOffered(advertised: advertised ?? "no AUTH extension")
        }
    }

    private mutating func command(_ line: String, step: String, expect codes: Set<Int>) async throws -> SMTPReply {
        try await run(step: step) { [writer] in try await writer.write(ByteBuffer(string: line + "\r\n")) }
        return try await expect(codes, step: step)
    }

    private mutating func expect(_ codes: Set<Int>, step: String) async throws -> SMTPReply {
        let reply: SMTPReply
        do {
            reply = try await reader.readReply(step: step)
        } catch let error as SMTPError {
            throw error
        } catch {
            throw SMTPError.transport(step: step, reason: String(describing: error))
        }
        guard codes.contains(reply.code) else {
            throw SMTPError.unexpectedReply(step: step, code: reply.code, text: reply.lines.joined(separator: " / "))
        }
        return reply
    }

    private func run(step: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            throw SMTPError.transport(step: step, reason: String(describing: error))
        }
    }
}
