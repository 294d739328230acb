import StewardCore
import StewardStore
import Vapor

/// The signed-in account of this request, from a bearer token (API) or a session cookie (pages).
struct CurrentUser: Sendable {
    var user: User
    var token: String
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The signed-in account, or 401.
    func requireUser() throws -> User {
        guard let current = currentUser else { throw DomainError.unauthenticated }
        return current.user
    }

    var userID: UserID {
        get throws { try requireUser().id }
    }

}

enum SessionCookie {
    static let name = "steward_session"

    static func make(_ token: String, config: StewardConfig, maxAge: Int = 30 * 24 * 3600) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, maxAge: maxAge, path: "/", isSecure: config.secureCookies, isHTTPOnly: true,
            sameSite: .lax)
    }
}

/// Reads `Authorization: Bearer` for API tokens.
struct BearerAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let bearer = request.headers.bearerAuthorization,
            let user = try await request.services.accounts.authenticate(token: bearer.token, kind: .api)
        {
            request.currentUser = CurrentUser(user: user, token: bearer.token)
        }
        return try await next.respond(to: request)
    }
}

/// Reads the session cookie for pages.
struct SessionAuthMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if let token = request.cookies[SessionCookie.name]?.string,
            let user = try await request.services.accounts.authenticate(token: token, kind: .session)
        {
            request.currentUser = CurrentUser(user: user, token: token)
        }
        return try await next.respond(to: request)
    }
}

/// Pages that need an account send the visitor to sign in and back.
struct RequireSignInMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.currentUser != nil else {
            let next = request.url.path + (request.url.query.map { "?" + $0 } ?? "")
            return request.redirect(to: Paths.login(next: next))
        }
        return try await next.respond(to: request)
    }
}
