import StewardCore
import Vapor

// Long lists over the API (API.md): `?limit=` and `?cursor=` in, `nextCursor` out.

struct ItemsDTO<T: Content>: Content {
    var items: [T]
    var nextCursor: String?
    /// Paged lists always carry `nextCursor` (null on the last page); the others leave it out.
    var paged = false

    init(items: [T], nextCursor: String? = nil) {
        self.items = items
        self.nextCursor = nextCursor
    }

    init<Item>(_ page: ListPage<Item>, _ transform: (Item) throws -> T) rethrows {
        items = try page.items.map(transform)
        nextCursor = page.next?.encoded
        paged = true
    }

    enum CodingKeys: String, CodingKey { case items, nextCursor }

    /// Audit events fetched with one extra (`limit + 1`).
    init(auditEvents events: [AuditEvent], limit: Int) where T == AuditEventDTO {
        self.init(ListPage(fetched: events, limit: limit) { PageCursor([String($0.sequence)]) }, AuditEventDTO.init)
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        items = try container.decode([T].self, forKey: .items)
        nextCursor = try container.decodeIfPresent(String.self, forKey: .nextCursor)
        paged = container.contains(.nextCursor)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        if paged || nextCursor != nil { try container.encode(nextCursor, forKey: .nextCursor) }
    }
}

extension Request {
    /// Lists are read signed in, so who is asking comes before what they asked (401 before 422).
    func pageQuery() throws -> PageQuery {
        _ = try requireUser()
        return try PageQuery.parse(limit: query[String.self, at: "limit"], cursor: query[String.self, at: "cursor"])
    }

    /// The audit log pages by its sequence number: (limit, the sequence to continue below).
    func auditPageQuery() throws -> (limit: Int, before: Int?) {
        let page = try pageQuery()
        guard let after = page.after else { return (page.limit, nil) }
        guard let sequence = after.int(at: 0), sequence > 0 else { throw DomainError.badCursor }
        return (page.limit, sequence)
    }
}
