import FluentKit
import FluentSQL
import Foundation
import StewardCore

public enum TokenKind: String, Sendable {
    /// Bearer tokens for the JSON API.
    case api
    /// Web session cookies.
    case session
}

public struct AccountService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    var limiter: RateLimiter { RateLimiter(db: db, clock: env.clock, enabled: env.rateLimits.enabled) }

    /// Registers an account and signs it in. `clientKey` identifies the caller (their address)
    /// for the registration throttle.
    public func register(
        email rawEmail: String?, password: String?, name: String?, clientKey: String, tokenKind: TokenKind
    ) async throws -> (user: User, token: String) {
        var v = Validator()
        let email = v.email(rawEmail)
        let name = v.name(name, field: "name")
        let password = v.newPassword(password)
        try v.check()
        let key = "register:client:\(clientKey)"
        try await limiter.check(
            key, env.rateLimits.registrationsPerClient,
            detail: "Too many accounts were registered from your address. Try again later.")
        let user = try await createUser(email: email!, name: name, password: password, isStaff: false)
        try await limiter.hit(key, env.rateLimits.registrationsPerClient)
        let token = try await issueToken(for: user.id, kind: tokenKind)
        return (user, token)
    }

    /// Creates an account directly (the CLI's staff accounts and the demo data use this too).
    public func createUser(email: EmailAddress, name: String, password: String, isStaff: Bool) async throws -> User {
        if try await UserRow.query(on: db).filter(\.$email == email.value).first() != nil {
            throw DomainError.emailTaken
        }
        let row = UserRow()
        row.email = email.value
        row.name = name
        row.passwordHash = try env.passwords.hash(password)
        row.isStaff = isStaff
        row.createdAt = env.clock.now()
        do {
            try await row.create(on: db)
        } catch  where error.isConstraintViolation {
            throw DomainError.emailTaken  // lost a race with a concurrent registration
        }
        return row.value
    }

    public func login(email rawEmail: String?, password: String?, clientKey: String, tokenKind: TokenKind)
        async throws -> (user: User, token: String)
    {
        var v = Validator()
        let email = v.email(rawEmail)
        if (password ?? "").isEmpty { v.fail("password", "is required") }
        try v.check()
        let accountKey = "signin:account:\(email!.value)"
        let clientKeyed = "signin:client:\(clientKey)"
        let message = "Too many failed sign-ins. Wait a little and try again."
        try await limiter.check(accountKey, env.rateLimits.failedSignInsPerAccount, detail: message)
        try await limiter.check(clientKeyed, env.rateLimits.failedSignInsPerClient, detail: message)
        guard let row = try await UserRow.query(on: db).filter(\.$email == email!.value).first(),
            env.passwords.verify(password!, against: row.passwordHash)
        else {
            try await limiter.hit(accountKey, env.rateLimits.failedSignInsPerAccount)
            try await limiter.hit(clientKeyed, env.rateLimits.failedSignInsPerClient)
            throw DomainError(
                .unauthorized, code: "invalid_credentials", detail: "That email and password don't match.")
        }
        try await limiter.reset(accountKey)
        return (row.value, try await issueToken(for: UserID(row.id!), kind: tokenKind))
    }

    public func issueToken(for user: UserID, kind: TokenKind) async throws -> String {
        let token = env.tokens.newToken()
        let row = AuthTokenRow()
        row.userID = user.uuid
        row.tokenHash = env.tokens.digest(token)
        row.kind = kind.rawValue
        row.createdAt = env.clock.now()
        row.expiresAt = env.clock.now().addingTimeInterval(env.sessionLifetime)
        try await row.create(on: db)
        return token
    }

    /// The account a live token belongs to, or nil.
    public func authenticate(token: String, kind: TokenKind) async throws -> User? {
        guard !token.isEmpty, token.count <= 200 else { return nil }
        // One statement: the token with its account, decoded by hand (Fluent's model decoding
        // reflects over every property, which costs more than the query on this hot path).
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                SELECT u.id AS id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff
                FROM auth_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: env.tokens.digest(token)) AND t.kind = \(bind: kind.rawValue)
                  AND t.expires_at > \(bind: env.clock.now())
                """
            ).first()
        else { return nil }
        return try ContextQueries.decodeUser(row, id: try row.decode(column: "id", as: UUID.self))
    }

    public func logout(token: String) async throws {
        try await AuthTokenRow.query(on: db).filter(\.$tokenHash == env.tokens.digest(token)).delete()
    }

    public func user(byEmail email: EmailAddress) async throws -> User? {
        try await UserRow.query(on: db).filter(\.$email == email.value).first()?.value
    }
}

extension DomainError {
    public static let emailTaken = DomainError(
        .conflict, code: "email_taken", detail: "An account with this email already exists. Sign in instead.",
        fieldErrors: [.init(field: "email", message: "is already registered")])
}
