import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// One live session or API token of an account, as its owner sees it.
public struct AccountSession: Sendable {
    public var id: UUID
    public var kind: TokenKind
    /// The name given to a personal API token; nil for sessions and sign-in tokens.
    public var name: String?
    public var device: String?
    public var createdAt: Date
    public var lastUsedAt: Date?
    public var expiresAt: Date
    /// The session or token this request came with.
    public var current: Bool
}

/// A personal API token as created: the token itself is shown this once.
public struct CreatedAPIToken: Sendable {
    public var id: UUID
    public var name: String
    public var token: String
    public var expiresAt: Date
}

extension AccountService {
    /// Live sessions and tokens, newest first.
    public func sessions(of id: UserID, page: PageQuery = .first, current: String?) async throws
        -> ListPage<AccountSession>
    {
        let sql = db as! any SQLDatabase
        let currentHash = current.map(env.tokens.digest) ?? ""
        let rows = try await sql.raw(
            """
            SELECT t.id AS id, t.kind AS kind, t.name AS name, t.device AS device, t.created_at AS created_at,
              t.last_used_at AS last_used_at, t.expires_at AS expires_at, t.token_hash AS token_hash
            FROM auth_tokens t
            WHERE t.user_id = \(bind: id.uuid) AND t.expires_at > \(bind: env.clock.now())
            \(try TimeKeyset.after(page, table: "auth_tokens", alias: "t", column: "created_at"))
            \(TimeKeyset.order(page, alias: "t", column: "created_at"))
            """
        ).all()
        return try TimeKeyset.cut(rows, page: page) { row in
            AccountSession(
                id: try row.decode(column: "id", as: UUID.self),
                kind: TokenKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .api,
                name: try row.decode(column: "name", as: String?.self),
                device: try row.decode(column: "device", as: String?.self),
                createdAt: try row.decode(column: "created_at", as: Date.self),
                lastUsedAt: try row.decode(column: "last_used_at", as: Date?.self),
                expiresAt: try row.decode(column: "expires_at", as: Date.self),
                current: try row.decode(column: "token_hash", as: String.self) == currentHash)
        }
    }

    /// Ends one session or token of the account; 404 for anyone else's.
    public func revokeSession(_ sessionID: UUID, of id: UserID) async throws {
        guard
            let row = try await AuthTokenRow.query(on: db).filter(\.$id == sessionID).filter(\.$userID == id.uuid)
                .first()
        else { throw DomainError.notFound("That session") }
        try await row.delete(on: db)
    }

    /// "Sign out everywhere else": every session and token but the one making the request.
    public func revokeOtherSessions(of id: UserID, keeping current: String?) async throws {
        var query = AuthTokenRow.query(on: db).filter(\.$userID == id.uuid)
        if let current { query = query.filter(\.$tokenHash != env.tokens.digest(current)) }
        try await query.delete()
    }

    /// A named personal API token that expires after 1–365 days (90 unless chosen).
    public func createAPIToken(for id: UserID, name rawName: String?, expiresInDays: Int?) async throws
        -> CreatedAPIToken
    {
        var errors: [DomainError.FieldError] = []
        var name = ""
        var days = APITokenRule.defaultDays
        do { name = try APITokenRule.name(rawName) } catch { errors += error.fieldErrors }
        do { days = try APITokenRule.days(expiresInDays) } catch { errors += error.fieldErrors }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
        let (token, row) = try await issueTokenRow(
            for: id, kind: .api, name: name, device: nil, lifetime: TimeInterval(days) * 86_400)
        return CreatedAPIToken(id: row.id!, name: name, token: token, expiresAt: row.expiresAt)
    }
}
