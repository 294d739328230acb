import Vapor

/// Conservative headers for every response: no framing, no sniffing, nothing from elsewhere.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        // A response that sets its own policy (the development mailbox's HTML view) keeps it.
        if response.headers.contentType?.subType == "html", !response.headers.contains(name: "Content-Security-Policy")
        {
            response.headers.replaceOrAdd(
                name: "Content-Security-Policy",
                value: "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                    + "form-action 'self'; frame-ancestors 'none'")
        }
        return response
    }
}
