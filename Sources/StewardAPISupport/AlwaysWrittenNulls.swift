import Foundation

/// A list's `nextCursor`: the cursor of the next page, or null on the last page. The key is always
/// written (API.md), which a generated `String?` would not do, so the document's `NextCursor`
/// schema maps to this type (`typeOverrides` in openapi-generator-config.yaml).
public struct NullableCursor: Codable, Hashable, Sendable {
    public var value: String?

    public init(_ value: String?) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? nil : try container.decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

/// A whole number or null, always written (an invite link's `maxUses`: null is no limit).
public struct NullableInt: Codable, Hashable, Sendable {
    public var value: Int?

    public init(_ value: Int?) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? nil : try container.decode(Int.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}
