import StewardCore
import Vapor

/// Double-submit CSRF protection for form posts: a random value in an HttpOnly SameSite=Lax
/// cookie must come back in the form's `_csrf` field. A cross-site page can neither read the
/// cookie nor make the browser send it.
struct CSRFMiddleware: AsyncMiddleware {
    static let cookieName = "steward_csrf"
    static let fieldName = "_csrf"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let existing = request.cookies[Self.cookieName]?.string
        let token = existing.flatMap { $0.count >= 32 ? $0 : nil } ?? RandomTokenSource().newToken()
        request.csrfToken = token
        if request.method == .POST {
            struct Form: Decodable { var _csrf: String? }
            // Middleware runs before a route collects its body: collect it here so the field can be
            // read from large (multipart) posts too; multipart uploads may be up to 2 MB.
            if request.body.data == nil {
                let max =
                    request.headers.contentType?.type == "multipart"
                    ? 2 * 1_048_576 : request.application.routes.defaultMaxBodySize.value
                _ = try await request.eventLoop.flatSubmit { request.body.collect(max: max) }.get()
            }
            let submitted = (try? request.content.decode(Form.self))?._csrf
            guard let existing, let submitted, !existing.isEmpty, constantTimeEquals(existing, submitted) else {
                throw DomainError(
                    .forbidden, code: "csrf_failed",
                    detail: "This form expired or came from another site. Go back, reload the page and try again.")
            }
        }
        let response = try await next.respond(to: request)
        if existing != token {
            response.cookies[Self.cookieName] = HTTPCookies.Value(
                string: token, path: "/", isSecure: request.application.stewardConfig.secureCookies,
                isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

}

/// Secrets compared without an early exit, so the time taken does not tell how much matched.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    guard x.count == y.count else { return false }
    return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
}

extension Request {
    private struct CSRFKey: StorageKey { typealias Value = String }
    var csrfToken: String {
        get { storage[CSRFKey.self] ?? "" }
        set { storage[CSRFKey.self] = newValue }
    }
}
