import Foundation

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
