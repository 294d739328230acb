import Foundation

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
