import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Accounts as stored: looked up by address, their sessions and tokens, the devices they signed
/// in from, and the single-use links they are emailed.
enum AccountQueries {
    static func user(withEmail email: EmailAddress, on db: any Database) async throws -> UserRow? {
        try await user(withStoredEmail: email.value, on: db)
    }

    /// Vouches for the address; no-op once verified.
    static func markVerified(_ email: EmailAddress, at now: Date, on db: any Database) async throws {
        try await UserRow.query(on: db).filter(\.$email == email.value).filter(\.$emailVerifiedAt == nil)
            .set(\.$emailVerifiedAt, to: now).update()
    }

    // MARK: Devices

    /// Whether the account signed in from this device before, and from any device at all: one
    /// row at most, this device's first.
    static func devicesSeen(of user: UUID, deviceHash hash: String, on db: any Database) async throws
        -> (thisDevice: Bool, anyDevice: Bool)
    {
        let rows = try await (db as! any SQLDatabase).raw(
            """
            SELECT device_hash FROM known_devices WHERE user_id = \(bind: user)
            ORDER BY device_hash = \(bind: hash) DESC LIMIT 1
            """
        ).all()
        if let first = rows.first, try first.decode(column: "device_hash", as: String.self) == hash {
            return (true, true)
        }
        return (false, !rows.isEmpty)
    }

    static func rememberDevice(_ hash: String, of user: UUID, at now: Date, on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw(
            """
            INSERT INTO known_devices (user_id, device_hash, first_seen_at)
            VALUES (\(bind: user), \(bind: hash), \(bind: now)) ON CONFLICT DO NOTHING
            """
        ).run()
    }

    // MARK: Sessions and API tokens

    /// The account a live token belongs to, with the token's id and when it was last used: one
    /// statement, decoded by hand (Fluent's model decoding reflects over every property, which
    /// costs more than the query on this hot path).
    static func liveToken(hash: String, kind: TokenKind, now: Date, on db: any Database) async throws
        -> (user: User, tokenID: UUID, lastUsedAt: Date?)?
    {
        guard
            let row = try await (db as! any SQLDatabase).raw(
                """
                SELECT u.id AS id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff,
                  u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at,
                  t.id AS t_id, t.last_used_at AS t_last_used_at
                FROM auth_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND t.kind = \(bind: kind.rawValue)
                  AND t.expires_at > \(bind: now)
                """
            ).first()
        else { return nil }
        let lastUsedAt = try row.decode(column: "t_last_used_at", as: Date?.self)
        let tokenID = try row.decode(column: "t_id", as: UUID.self)
        let user = try ContextQueries.decodeUser(row, id: try row.decode(column: "id", as: UUID.self))
        return (user, tokenID, lastUsedAt)
    }

    static func markTokenUsed(_ id: UUID, at now: Date, on db: any Database) async throws {
        try await (db as! any SQLDatabase).raw(
            "UPDATE auth_tokens SET last_used_at = \(bind: now) WHERE id = \(bind: id)"
        ).run()
    }

    static func revokeToken(hash: String, on db: any Database) async throws {
        try await AuthTokenRow.query(on: db).filter(\.$tokenHash == hash).delete()
    }

    /// Every session and API token of the account but the one whose digest is `tokenHash`.
    static func revokeSessions(of user: UUID, keeping tokenHash: String?, on db: any Database) async throws {
        var others = AuthTokenRow.query(on: db).filter(\.$userID == user)
        if let tokenHash { others = others.filter(\.$tokenHash != tokenHash) }
        try await others.delete()
    }

    // MARK: Emailed links

    /// The link of that kind, live or not (the caller tells which refusal applies).
    static func link(hash: String, kind: AccountTokenKind, on db: any Database) async throws -> AccountTokenRow? {
        try await AccountTokenRow.query(on: db).filter(\.$tokenHash == hash).filter(\.$kind == kind.rawValue).first()
    }

    /// Marks the link used; false when a concurrent request used it first.
    static func useLink(_ id: UUID, at now: Date, on db: any Database) async throws -> Bool {
        try await !(db as! any SQLDatabase).raw(
            """
            UPDATE account_tokens SET used_at = \(bind: now)
            WHERE id = \(bind: id) AND used_at IS NULL RETURNING id
            """
        ).all().isEmpty
    }

    /// The account's unused links of that kind stop working.
    static func withdrawUnusedLinks(_ kind: AccountTokenKind, of user: UUID, on db: any Database) async throws {
        try await AccountTokenRow.query(on: db).filter(\.$userID == user)
            .filter(\.$kind == kind.rawValue).filter(\.$usedAt == nil).delete()
    }

    /// The account's unused links stop working, except those of that kind.
    static func withdrawUnusedLinks(of user: UUID, except kind: AccountTokenKind, on db: any Database)
        async throws
    {
        try await AccountTokenRow.query(on: db).filter(\.$userID == user)
            .filter(\.$kind != kind.rawValue).filter(\.$usedAt == nil).delete()
    }

    /// The address of the newest live verification link: one narrow statement, as `GET /me`
    /// reads it on every call. It is the account's own address unless it asked to move.
    static func addressAwaitingVerification(of user: UUID, now: Date, on db: any Database) async throws
        -> String?
    {
        try await (db as! any SQLDatabase).raw(
            """
            SELECT email FROM account_tokens
            WHERE user_id = \(bind: user) AND kind = \(bind: AccountTokenKind.verifyEmail.rawValue)
              AND used_at IS NULL AND expires_at > \(bind: now)
            ORDER BY created_at DESC LIMIT 1
            """
        ).first()?.decode(column: "email", as: String?.self)
    }

    /// The account registered with an address as stored (already canonical).
    static func user(withStoredEmail email: String, on db: any Database) async throws -> UserRow? {
        try await UserRow.query(on: db).filter(\.$email == email).first()
    }

    /// The accounts with these ids as rows; one statement even for no ids (unlike `Load.users`).
    static func users(_ ids: [UUID], on db: any Database) async throws -> [UserRow] {
        try await UserRow.query(on: db).filter(\.$id ~~ ids).all()
    }
}
