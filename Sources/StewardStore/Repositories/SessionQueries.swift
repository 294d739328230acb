import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// An account's sessions and API tokens as their owner sees and ends them.
enum SessionQueries {
    /// The account's live sessions and tokens, newest first; the one whose digest is `currentHash`
    /// is marked current.
    static func liveSessions(
        of user: UUID, now: Date, currentHash: String, page: PageQuery, on db: any Database
    ) async throws -> ListPage<AccountSession> {
        let sql = db as! any SQLDatabase
        let rows = try await sql.raw(
            """
            SELECT t.id AS id, t.kind AS kind, t.name AS name, t.device AS device, t.created_at AS created_at,
              t.last_used_at AS last_used_at, t.expires_at AS expires_at, t.token_hash AS token_hash
            FROM auth_tokens t
            WHERE t.user_id = \(bind: user) AND t.expires_at > \(bind: now)
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

    /// The session or token if it is the account's, live or not.
    static func session(_ id: UUID, of user: UUID, on db: any Database) async throws -> AuthTokenRow? {
        try await AuthTokenRow.query(on: db).filter(\.$id == id).filter(\.$userID == user).first()
    }
}
