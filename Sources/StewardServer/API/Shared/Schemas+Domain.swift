import Foundation
import StewardAPI
import StewardAPISupport
import StewardCore
import StewardStore

// The generated schema types built from domain values. Each area's own shapes live beside its
// handlers (API/<Area>/<Area>Schemas.swift); these are the ones every area uses.

extension RawRepresentable where RawValue == String {
    /// The same value in its generated twin (a domain enum into the document's enum). A test walks
    /// every domain case, so a value the document does not list fails there, not in a request.
    func schema<Twin: RawRepresentable>(_: Twin.Type = Twin.self) -> Twin where Twin.RawValue == String {
        guard let twin = Twin(rawValue: rawValue) else {
            preconditionFailure("\(Twin.self) has no value \(rawValue); Resources/openapi.yaml is behind the domain")
        }
        return twin
    }
}

extension String {
    /// This text as a value of a generated enum; the store keeps some enums as their raw text.
    func schema<Twin: RawRepresentable>(_: Twin.Type = Twin.self) -> Twin where Twin.RawValue == String {
        guard let twin = Twin(rawValue: self) else {
            preconditionFailure("\(Twin.self) has no value \(self); Resources/openapi.yaml is behind the domain")
        }
        return twin
    }
}

extension Components.Schemas.User {
    init(_ user: User) {
        self.init(id: user.id.description, email: user.email, name: user.name)
    }
}

extension Components.Schemas.AuditEvent {
    init(_ event: AuditEvent) {
        self.init(
            id: String(event.sequence), action: event.action, actor: event.actor.map(Components.Schemas.User.init),
            targetType: event.targetType, targetId: event.targetID, targetLabel: event.targetLabel,
            before: event.before, after: event.after, createdAt: event.createdAt)
    }
}

extension Components.Schemas.AuditEventList {
    /// Audit events fetched with one extra (`limit + 1`).
    init(events: [AuditEvent], limit: Int) {
        let page = ListPage(fetched: events, limit: limit) { PageCursor([String($0.sequence)]) }
        self.init(items: page.items.map(Components.Schemas.AuditEvent.init), nextCursor: .init(page))
    }
}

extension NullableCursor {
    /// The cursor of the page after this one; null on the last page.
    init<Item>(_ page: ListPage<Item>) { self.init(page.next?.encoded) }
}

extension Components.Schemas.OrgRef {
    init(_ org: Organisation) { self.init(id: org.id.description, name: org.name) }
}

/// Reading a generated operation's input the way the hand-written handlers did.
enum APIInput {
    /// A typed id from the path; a malformed one is the same 404 as an unknown one.
    static func id<Tag>(_ raw: String, _ what: String) throws -> Identifier<Tag> {
        guard let id = Identifier<Tag>(raw) else { throw DomainError.notFound(what) }
        return id
    }

    /// An untyped id from the path (an invite, a link, a deal).
    static func uuid(_ raw: String, _ what: String) throws -> UUID {
        guard let id = UUID(uuidString: raw) else { throw DomainError.notFound(what) }
        return id
    }

    /// `limit` and `cursor`, already checked by `OperationGuard`.
    static func page(limit: Int?, cursor: String?) throws -> PageQuery {
        try PageQuery.parse(limit: limit.map(String.init), cursor: cursor)
    }

    /// The audit log pages by its sequence number: (limit, the sequence to continue below).
    static func auditPage(_ page: PageQuery) throws -> (limit: Int, before: Int?) {
        guard let after = page.after else { return (page.limit, nil) }
        guard let sequence = after.int(at: 0), sequence > 0 else { throw DomainError.badCursor }
        return (page.limit, sequence)
    }
}
