import Foundation

/// An email address in its canonical form: trimmed and lower-cased, so that comparisons and the
/// unique index agree ("emails compared case-insensitively").
public struct EmailAddress: Hashable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard Self.isPlausible(trimmed) else { return nil }
        value = trimmed
    }

    public var description: String { value }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let email = EmailAddress(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an email"))
        }
        self = email
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    /// Deliberately simple (RFC 5322 is not worth matching): one @, a local part of letters,
    /// digits and RFC 5322's other unquoted characters, a dotted domain, at most 254 characters.
    /// Quoted local parts are refused: an address with `<`, `"` or `\` would otherwise reach
    /// email headers, SMTP commands and pages as it was typed.
    static func isPlausible(_ s: String) -> Bool {
        guard s.count <= 254 else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let local = parts[0]
        guard !local.hasPrefix("."), !local.hasSuffix("."), !local.contains(".."),
            local.allSatisfy({ ($0.isLetter || $0.isNumber || localPartSymbols.contains($0)) && !$0.isWhitespace })
        else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { return false }
        return labels.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }

    private static let localPartSymbols: Set<Character> = Set("!#$%&'*+-/=?^_`{|}~.")
}
