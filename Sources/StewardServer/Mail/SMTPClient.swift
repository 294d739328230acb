import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Where and how Steward hands mail to an SMTP server.
public struct SMTPSettings: Sendable, Equatable, CustomStringConvertible {
    public enum Security: String, Sendable, Equatable {
        /// No encryption at all: only for a relay on the same host or network.
        case plain
        /// Connect in plain text, then upgrade with STARTTLS before anything else is said.
        case startTLS
        /// TLS from the first byte (SMTPS).
        case tls
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    /// The sender, `noreply@example.org` or `Steward <noreply@example.org>`.
    public var from: String
    /// The name Steward gives itself in EHLO, also the right-hand side of Message-IDs.
    public var heloName: String

    public init(
        host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
        from: String, heloName: String
    ) {
        self.host = host
        self.port = port
        self.security = security
        self.username = username
        self.password = password
        self.from = from
        self.heloName = heloName
    }

    // Settings end up in logs and error pages; the password must not.
    public var description: String {
        let user = username.map { "\($0)@" } ?? ""
        return "\(security.scheme)://\(user)\(host):\(port) (from \(from), helo \(heloName))"
    }

    /// Reads `smtp://[user:pass@]host[:port]` (plain, port 25; `?starttls=true` upgrades, port 587),
    /// `smtp+starttls://…` (port 587) and `smtps://…` (implicit TLS, port 465). `?helo=name` sets the
    /// EHLO name, which otherwise is the domain of `from`.
    public static func parse(url: String, from: String) throws -> SMTPSettings {
        // Messages name the part that is wrong but never echo the URL, which may hold a password.
        func fail(_ message: String) -> SMTPSettingsError { SMTPSettingsError("SMTP URL: \(message)") }

        let url = url.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let schemeEnd = url.range(of: "://") else {
            throw fail("expected smtp://, smtp+starttls:// or smtps:// followed by a host")
        }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        var security: Security
        switch scheme {
        case "smtp": security = .plain
        case "smtp+starttls": security = .startTLS
        case "smtps": security = .tls
        default:
            throw fail("unsupported scheme \"\(scheme)\" (use smtp://, smtp+starttls:// or smtps://)")
        }

        var rest = url[schemeEnd.upperBound...]
        if rest.contains("#") { throw fail("a fragment (#…) is not allowed") }
        var query: Substring = ""
        if let questionMark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: questionMark)...]
            rest = rest[..<questionMark]
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...] == "/" else { throw fail("a path is not allowed after the host") }
            rest = rest[..<slash]
        }

        var username: String?
        var password: String?
        var hostPort = rest
        // The last "@" ends the credentials: an unencoded "@" in a password is common enough to allow.
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            hostPort = rest[rest.index(after: at)...]
            let user: Substring
            if let colon = userInfo.firstIndex(of: ":") {
                user = userInfo[..<colon]
                guard let decoded = String(userInfo[userInfo.index(after: colon)...]).removingPercentEncoding else {
                    throw fail("the password is not valid percent-encoding")
                }
                password = decoded
            } else {
                user = userInfo
            }
            guard let decodedUser = String(user).removingPercentEncoding, !decodedUser.isEmpty else {
                throw fail("the user name is empty or not valid percent-encoding")
            }
            username = decodedUser
        }

        var host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("an IPv6 address lacks its \"]\"") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else {
            let parts = hostPort.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count <= 2 else { throw fail("an IPv6 address must be written in brackets, [::1]") }
            host = parts[0]
            portText = parts.count == 2 ? parts[1] : nil
        }
        guard !host.isEmpty else { throw fail("the host is missing") }
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else {
            throw fail("the host contains characters that are not allowed in a host name")
        }

        var startTLSQuery: Bool?
        var heloName: String?
        for item in query.split(separator: "&") {
            let pair = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = pair[0].lowercased()
            let value = pair.count == 2 ? String(pair[1]).removingPercentEncoding ?? "" : ""
            switch key {
            case "starttls":
                switch value.lowercased() {
                case "true", "yes", "1", "on": startTLSQuery = true
                case "false", "no", "0", "off": startTLSQuery = false
                default: throw fail("starttls must be true or false, not \"\(value)\"")
                }
            case "helo":
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && !$0.isWhitespace && !$0.isNewline }) else {
                    throw fail("helo must be a host name without spaces")
                }
                heloName = value
            default:
                // A mistyped option (say "startls") must not silently leave mail unencrypted.
                throw fail("unknown option \"\(key)\" (known: starttls, helo)")
            }
        }
        if let startTLSQuery {
            switch (security, startTLSQuery) {
            case (.plain, true): security = .startTLS
            case (.tls, true): throw fail("smtps:// is already TLS; starttls=true does not apply")
            case (.startTLS, false): throw fail("smtp+starttls:// contradicts starttls=false")
            default: break
            }
        }

        var port: Int
        switch security {
        case .plain: port = 25
        case .startTLS: port = 587
        case .tls: port = 465
        }
        if let portText {
            guard let value = Int(portText), portText.allSatisfy(\.isASCII), (1...65535).contains(value) else {
                throw fail("the port must be a number from 1 to 65535")
            }
            port = value
        }

        let sender: Mailbox
        do {
            sender = try Mailbox.parse(from)
        } catch {
            throw SMTPSettingsError("SMTP sender: \(error)")
        }
        let domain = String(sender.address[sender.address.index(after: sender.address.lastIndex(of: "@")!)...])
        return SMTPSettings(
            host: String(host), port: port, security: security, username: username, password: password,
            from: from, heloName: heloName ?? domain)
    }
}

extension SMTPSettings.Security {
    fileprivate var scheme: String {
        switch self {
        case .plain: "smtp"
        case .startTLS: "smtp+starttls"
        case .tls: "smtps"
        }
    }
}

public struct SMTPSettingsError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public struct EmailMessage: Sendable, Equatable {
    /// The recipient, `someone@example.org` or `Someone <someone@example.org>`.
    public var to: String
    public var subject: String
    public var text: String
    public var html: String

    public init(to: String, subject: String, text: String, html: String) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
    }
}

public enum SMTPError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidAddress(String)
    case connectionFailed(host: String, port: Int, reason: String)
    case timedOut(TimeAmount)
    /// The server answered `code` where the step needed something else; `text` is its own words.
    case unexpectedReply(step: String, code: Int, text: String)
    case malformedReply(step: String, detail: String)
    case connectionClosed(step: String)
    case transport(step: String, reason: String)
    case startTLSNotOffered
    case authenticationNotOffered(advertised: String)

    public var description: String {
        switch self {
        case .invalidAddress(let detail):
            return "SMTP: invalid address: \(detail)"
        case .connectionFailed(let host, let port, let reason):
            return "SMTP: could not connect to \(host):\(port): \(reason)"
        case .timedOut(let amount):
            return "SMTP: no complete exchange within \(Double(amount.nanoseconds) / 1e9) s"
        case .unexpectedReply(let step, let code, let text):
            return "SMTP: the server answered \(step) with \(code) \(text)"
        case .malformedReply(let step, let detail):
            return "SMTP: malformed reply during \(step): \(detail)"
        case .connectionClosed(let step):
            return "SMTP: the server closed the connection during \(step)"
        case .transport(let step, let reason):
            return "SMTP: connection error during \(step): \(reason)"
        case .startTLSNotOffered:
            return "SMTP: STARTTLS is configured but the server does not offer it; nothing was sent in plain text"
        case .authenticationNotOffered(let advertised):
            return "SMTP: credentials are configured but the server offers no usable AUTH mechanism (\(advertised))"
        }
    }
}

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
        // "=_" never occurs in quoted-printable output, so this boundary cannot collide with the parts.
        let boundary = "=_steward_" + messageID.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(40)
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
        for (type, body) in [("text/plain", message.text), ("text/html", message.html)] {
            lines += [
                "--" + boundary,
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: quoted-printable",
                "",
                MIME.quotedPrintable(body),
            ]
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

struct SMTPReply: Equatable {
    var code: Int
    var lines: [String]
}

/// Splits the inbound bytes into lines and lines into (possibly multi-line) replies.
struct ReplyReader {
    // A reply line is at most 512 octets (RFC 5321 4.5.3.1.5); more is allowed for, not without limit.
    static let maxLineLength = 8192
    static let maxLines = 200

    private var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private var buffer = ByteBuffer()

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    var hasBufferedBytes: Bool { buffer.readableBytes > 0 }

    mutating func readReply(step: String) async throws -> SMTPReply {
        var code: Int?
        var lines: [String] = []
        while true {
            let line = try await readLine(step: step)
            let bytes = Array(line.utf8)
            guard bytes.count >= 3, bytes[0...2].allSatisfy({ (0x30...0x39).contains($0) }),
                let lineCode = Int(String(decoding: bytes[0...2], as: UTF8.self)), (200...599).contains(lineCode),
                bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-")
            else {
                throw SMTPError.malformedReply(step: step, detail: "not an SMTP reply line: \(line.prefix(200))")
            }
            if let code, code != lineCode {
                throw SMTPError.malformedReply(step: step, detail: "reply lines with codes \(code) and \(lineCode)")
            }
            code = lineCode
            lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
            if bytes.count == 3 || bytes[3] == UInt8(ascii: " ") { return SMTPReply(code: lineCode, lines: lines) }
            guard lines.count < Self.maxLines else {
                throw SMTPError.malformedReply(step: step, detail: "more than \(Self.maxLines) reply lines")
            }
        }
    }

    private mutating func readLine(step: String) async throws -> String {
        while true {
            let view = buffer.readableBytesView
            if let newline = view.firstIndex(of: UInt8(ascii: "\n")) {
                let length = view.distance(from: view.startIndex, to: newline) + 1
                var bytes = buffer.readBytes(length: length)!
                buffer.discardReadBytes()
                bytes.removeLast()
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                return String(decoding: bytes, as: UTF8.self)
            }
            guard buffer.readableBytes <= Self.maxLineLength else {
                throw SMTPError.malformedReply(
                    step: step, detail: "a reply line longer than \(Self.maxLineLength) bytes")
            }
            guard var next = try await iterator.next() else { throw SMTPError.connectionClosed(step: step) }
            buffer.writeBuffer(&next)
        }
    }
}

/// An address with an optional display name, as in `Name <local@domain>`.
struct Mailbox: Equatable {
    var displayName: String?
    var address: String

    static func parse(_ text: String) throws -> Mailbox {
        func fail(_ message: String) -> SMTPSettingsError { SMTPSettingsError("\(message): \"\(text)\"") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw fail("control characters are not allowed in an address")
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        var displayName: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
            if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
                name = String(name.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
                    .replacingOccurrences(of: "\\\\", with: "\\")
            }
            displayName = name.isEmpty ? nil : name
        }
        guard let at = address.lastIndex(of: "@") else { throw fail("an address needs an @") }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        // SMTPUTF8 is not negotiated, so an address must be ASCII; quoted local parts are not supported.
        let localAllowed = Set("!#$%&'*+-/=?^_`{|}~.")
        guard !local.isEmpty, local.count <= 64,
            local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || localAllowed.contains($0)) })
        else { throw fail("the part before @ is empty or has characters this client does not send") }
        guard !domain.isEmpty, domain.count <= 253,
            domain.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
        else { throw fail("the domain is empty or not an ASCII host name") }
        return Mailbox(displayName: displayName, address: address)
    }
}

/// Header and body encodings (RFC 2045, 2047, 5322), all producing 7-bit text.
enum MIME {
    static let maxLineLength = 76

    /// Quoted-printable with CRLF line ends: "=" and bytes outside printable ASCII as =XX, whitespace
    /// before a line end as =XX, and soft line breaks keeping every line at 76 characters at most.
    static func quotedPrintable(_ text: String) -> String {
        var output = ""
        for (index, line) in lines(of: text).enumerated() {
            if index > 0 { output += "\r\n" }
            var length = 0
            for (position, byte) in line.enumerated() {
                let isLast = position == line.count - 1
                let token: String
                switch byte {
                case 0x21...0x3C, 0x3E...0x7E: token = String(UnicodeScalar(byte))
                case 0x20 where !isLast, 0x09 where !isLast: token = String(UnicodeScalar(byte))
                default: token = String(format: "=%02X", byte)
                }
                // 75 leaves room for the "=" of a soft break; an =XX escape is never split.
                if length + token.count > maxLineLength - 1 {
                    output += "=\r\n"
                    length = 0
                }
                output += token
                length += token.count
            }
        }
        return output
    }

    /// The bytes of each line, whatever mix of CRLF, CR and LF ends them.
    static func lines(of text: String) -> [[UInt8]] {
        var result: [[UInt8]] = [[]]
        var previousWasCR = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\r"):
                result.append([])
                previousWasCR = true
            case UInt8(ascii: "\n"):
                if !previousWasCR { result.append([]) }
                previousWasCR = false
            default:
                result[result.count - 1].append(byte)
                previousWasCR = false
            }
        }
        return result
    }

    static func subjectHeader(_ subject: String) -> String {
        // A line break in a subject would start a new header: it becomes a space.
        let flat = String(subject.map { $0.isNewline ? " " : $0 })
        let plain = flat.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) } && !flat.contains("=?")
        let longestWord = flat.split(separator: " ").map(\.count).max() ?? 0
        guard plain, longestWord < 900 else { return "Subject: " + encodedWords(flat) }
        // Fold before a space once a line would pass 78 characters.
        var header = "Subject:"
        var lineLength = header.count
        var lineHasWord = false
        for word in flat.split(separator: " ", omittingEmptySubsequences: false) {
            if lineLength + 1 + word.count > 78, lineHasWord {
                header += "\r\n"
                lineLength = 0
            }
            header += " " + word
            lineLength += 1 + word.count
            lineHasWord = true
        }
        return header
    }

    /// `Name <address>` with the name quoted or RFC 2047-encoded as needed.
    static func mailboxHeader(_ text: String) -> String {
        guard let mailbox = try? Mailbox.parse(text) else { return headerSafe(text) }
        guard let name = mailbox.displayName else { return mailbox.address }
        let atext = Set("!#$%&'*+-/=?^_`{|}~ ")
        let phrase: String
        if name.contains("=?") || !name.unicodeScalars.allSatisfy({ (0x20...0x7E).contains($0.value) }) {
            phrase = encodedWords(name)
        } else if name.allSatisfy({ $0.isLetter || $0.isNumber || atext.contains($0) }) {
            phrase = name
        } else {
            phrase =
                "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return "\(phrase) <\(mailbox.address)>"
    }

    /// `=?utf-8?B?…?=` words of whole characters, at most 36 bytes each so a folded line stays under 76.
    static func encodedWords(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > 36, !chunk.isEmpty {
                words.append(chunk.encodedWord)
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(chunk.encodedWord) }
        return words.joined(separator: "\r\n ")
    }

    static func headerSafe(_ text: String) -> String {
        String(text.unicodeScalars.filter { (0x20...0x7E).contains($0.value) }.map(Character.init))
    }
}

extension [UInt8] {
    fileprivate var encodedWord: String { "=?utf-8?B?" + Data(self).base64EncodedString() + "?=" }
}
