import Foundation

/// One page of a long list (API.md: `?limit=` 1–200, default 50; `?cursor=` opaque).
public struct PageQuery: Equatable, Sendable {
    public static let defaultLimit = 50
    public static let maximumLimit = 200

    public var limit: Int
    /// Where the previous page ended: the sort keys of its last item.
    public var after: PageCursor?

    public init(limit: Int = PageQuery.defaultLimit, after: PageCursor? = nil) {
        self.limit = limit
        self.after = after
    }

    /// The first page with the default size.
    public static let first = PageQuery()

    /// Reads the two query parameters; anything else than what the API hands out is a 422 naming
    /// the parameter.
    public static func parse(limit rawLimit: String?, cursor rawCursor: String?) throws(DomainError) -> PageQuery {
        var page = PageQuery()
        if let rawLimit {
            guard let n = Int(rawLimit), (1...maximumLimit).contains(n) else {
                throw DomainError.invalid("limit", "must be a whole number from 1 to \(maximumLimit)")
            }
            page.limit = n
        }
        if let rawCursor {
            guard let cursor = PageCursor(encoded: rawCursor) else { throw DomainError.badCursor }
            page.after = cursor
        }
        return page
    }
}

/// The sort keys of the last item of a page, as an opaque URL-safe string. The keys are values
/// the database compares itself (ids, names, ranks), never dates that would lose precision on
/// the way out and back.
public struct PageCursor: Equatable, Sendable {
    public var keys: [String]

    public init(_ keys: [String]) { self.keys = keys }

    public init?(encoded: String) {
        var base64 = encoded.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard encoded.count <= 2048, let data = Data(base64Encoded: base64),
            let keys = try? JSONDecoder().decode([String].self, from: data), !keys.isEmpty
        else { return nil }
        self.keys = keys
    }

    public var encoded: String {
        let data = (try? JSONEncoder().encode(keys)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The key at `index` as a UUID, or nil when the cursor was not made for this list.
    public func uuid(at index: Int) -> UUID? {
        index < keys.count ? UUID(uuidString: keys[index]) : nil
    }

    public func int(at index: Int) -> Int? {
        index < keys.count ? Int(keys[index]) : nil
    }
}

/// A page of items and where the next one starts (nil on the last page).
public struct ListPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var next: PageCursor?

    public init(items: [Item], next: PageCursor?) {
        self.items = items
        self.next = next
    }

    /// Cuts a list fetched with one extra item (`limit + 1`) into the page and its cursor.
    public init(fetched: [Item], limit: Int, cursor: (Item) -> PageCursor) {
        items = Array(fetched.prefix(limit))
        next = fetched.count > limit ? items.last.map(cursor) : nil
    }

    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> ListPage<T> {
        ListPage<T>(items: try items.map(transform), next: next)
    }
}

extension DomainError {
    /// A cursor that decodes but names nothing this list knows.
    /// A named rule rather than plain validation: any string is a well-formed cursor as far as the
    /// contract can say, but only the ones this API handed out mean anything.
    public static let badCursor = DomainError(
        .unprocessable, code: "invalid_cursor", detail: "cursor: is not a cursor this API returned",
        fieldErrors: [.init(field: "cursor", message: "is not a cursor this API returned")])
}
