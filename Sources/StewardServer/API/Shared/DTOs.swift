import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.
// Inputs: every field optional so a missing one is a 422 naming it, not a decoding 400.

struct AuditEventDTO: Content {
    var id: String
    var action: String
    var actor: UserDTO?
    var targetType: String
    var targetId: String?
    var targetLabel: String?
    var before: String?
    var after: String?
    var createdAt: Date
    init(_ e: AuditEvent) {
        id = String(e.sequence)
        action = e.action
        actor = e.actor.map(UserDTO.init)
        targetType = e.targetType
        targetId = e.targetID
        targetLabel = e.targetLabel
        before = e.before
        after = e.after
        createdAt = e.createdAt
    }
}

struct NameInput: Content { var name: String? }

extension Request {
    /// An untyped id from the path (an invite, a link, a deal); malformed is the same 404 as unknown.
    func uuidParameter(_ name: String, _ what: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound(what)
        }
        return id
    }

    /// A typed id from the path; a malformed one is the same 404 as an unknown one.
    func id<Tag>(_ name: String, _ what: String) throws -> Identifier<Tag> {
        guard let raw = parameters.get(name), let id = Identifier<Tag>(raw) else { throw DomainError.notFound(what) }
        return id
    }

    /// Decodes a JSON body; an empty body decodes as `{}`.
    func input<T: Content>(_ type: T.Type) throws -> T {
        if body.data == nil || body.data?.readableBytes == 0 {
            return try JSONDecoder().decode(T.self, from: Data("{}".utf8))
        }
        guard headers.contentType == .json || headers.contentType == nil else {
            throw DomainError(
                .badRequest, code: "unsupported_media_type", detail: "Send the body as application/json.")
        }
        return try content.decode(T.self, as: .json)
    }
}
