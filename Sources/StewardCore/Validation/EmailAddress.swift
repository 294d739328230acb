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

    /// Deliberately simple (RFC 5322 is not worth matching): one @, a non-empty local part, a
    /// dotted domain, no spaces, at most 254 characters.
    static func isPlausible(_ s: String) -> Bool {
        guard s.count <= 254, !s.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" }) else { return false }
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let domain = parts[1]
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") })
        else { return false }
        return labels.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }
    }
}
