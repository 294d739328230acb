import Foundation
import StewardCore
import StewardStore
import Vapor

/// The development mailbox: the emails Steward would send, when no SMTP server is configured.
struct MailboxWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        web.on(.devMailbox, use: mailbox)
        web.on(.devMailboxEmail, use: mailboxEmail)
        web.on(.devMailboxHTML, use: mailboxHTML)
        web.on(.devMailboxBrandLogo, use: mailboxBrandLogo)
    }

    private func requireMailbox(_ req: Request) throws {
        guard req.application.stewardConfig.devMailboxEnabled else { throw DomainError.notFound("That page") }
    }

    func mailbox(req: Request) async throws -> Response {
        try requireMailbox(req)
        let emails = try await req.services.outbox.recent()
        return try await req.page(
            "mailbox", title: "Development mailbox",
            MailboxVM(
                emails: emails.map {
                    .init(
                        to: $0.to, subject: $0.subject, kind: $0.kind, status: $0.status,
                        time: Format.dateTime($0.createdAt), path: Paths.devMailboxEmail($0.id))
                }))
    }

    private func email(_ req: Request) async throws -> QueuedEmail {
        try requireMailbox(req)
        guard let raw = req.parameters.get("emailId"), let id = UUID(uuidString: raw),
            let email = try await req.services.outbox.email(id)
        else { throw DomainError.notFound("That email") }
        return email
    }

    func mailboxEmail(req: Request) async throws -> Response {
        let email = try await email(req)
        return try await req.page(
            "mail", title: email.subject,
            MailVM(
                to: email.to, subject: email.subject, kind: email.kind, status: email.status,
                time: Format.dateTime(email.createdAt), lastError: email.lastError, parts: Self.linkify(email.text),
                htmlPath: Paths.devMailboxHTML(email.id), listPath: Paths.devMailbox))
    }

    /// The stored HTML as its own document, allowed nothing but its inline styles (and, for a
    /// branded email with a logo, that logo from this server).
    func mailboxHTML(req: Request) async throws -> Response {
        let email = try await email(req)
        var html = email.html
        var policy = "default-src 'none'; style-src 'unsafe-inline'"
        if email.brand?.logo != nil {
            // A mail client finds the logo in the message's inline part; here the route below serves it.
            html = Self.showingLogo(html, from: Paths.devMailboxBrandLogo(email.id))
            policy += "; img-src 'self'"
        }
        let response = Response(status: .ok, body: .init(string: html))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: policy)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The logo a queued email's brand shows, as the worker would attach it now: a 404 when the
    /// email has none or it is gone (the HTML then shows the logo's alt text, the brand's name).
    func mailboxBrandLogo(req: Request) async throws -> Response {
        let email = try await email(req)
        guard let source = email.brand?.logo, let logo = try await req.services.outbox.logo(for: source) else {
            throw DomainError.notFound("That logo")
        }
        let response = Response.image(logo)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Points the HTML's `cid:` logo at `path`. Only an attribute value is rewritten: everything
    /// user-supplied in the HTML is escaped, so a quote before `cid:` is always the email's own.
    static func showingLogo(_ html: String, from path: String) -> String {
        html.replacingOccurrences(
            of: "src=\"cid:\(EmailBrand.logoContentID)\"", with: "src=\"\(Markup.escape(path))\"")
    }

    /// Splits plain text into text and http(s) links; the template escapes both.
    static func linkify(_ text: String) -> [TextPart] {
        var parts: [TextPart] = []
        var rest = Substring(text)
        while let range = rest.range(of: #"https?://[^\s<>"]+"#, options: .regularExpression) {
            var url = rest[range]
            // Punctuation that ends a sentence is not part of the link.
            while url.count > 8, let last = url.last, ".,;:!?)”’'".contains(last) { url = url.dropLast() }
            if range.lowerBound > rest.startIndex {
                parts.append(TextPart(text: String(rest[..<range.lowerBound]), href: nil))
            }
            parts.append(TextPart(text: String(url), href: String(url)))
            rest = rest[url.endIndex...]
        }
        if !rest.isEmpty { parts.append(TextPart(text: String(rest), href: nil)) }
        return parts
    }
}
