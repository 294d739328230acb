import FluentKit
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
        let currentHash = current.map(env.tokens.digest) ?? ""
        return try await SessionQueries.liveSessions(
            of: id.uuid, now: env.clock.now(), currentHash: currentHash, page: page, on: db)
    }

    /// Ends one session or token of the account; 404 for anyone else's.
    public func revokeSession(_ sessionID: UUID, of id: UserID) async throws {
        guard let row = try await SessionQueries.session(sessionID, of: id.uuid, on: db) else {
            throw DomainError.notFound("That session")
        }
        try await row.delete(on: db)
    }

    /// "Sign out everywhere else": every session and token but the one making the request.
    public func revokeOtherSessions(of id: UserID, keeping current: String?) async throws {
        try await AccountQueries.revokeSessions(of: id.uuid, keeping: current.map(env.tokens.digest), on: db)
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
