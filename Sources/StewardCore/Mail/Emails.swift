import Foundation

/// One email, ready for the outbox: plain text and HTML, the link in both.
public struct EmailContent: Equatable, Sendable {
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    public var kind: String
    /// Whose name and logo head it; nil for Steward's own (account) emails.
    public var brand: EmailBrand? = nil
}

/// Every email Steward sends, composed from values (NOTES §9).
public enum Emails {
    public struct Scope: Sendable {
        /// "workspace" or "organisation".
        public var noun: String
        public var name: String
        public init(noun: String, name: String) {
            self.noun = noun
            self.name = name
        }
    }

    public static func invited(
        to: String, inviter: String, scope: Scope, role: String, link: String, expiresAt: Date, brand: EmailBrand? = nil
    ) -> EmailContent {
        compose(
            to: to, kind: "invite", subject: "\(inviter) invited you to \(scope.name) on Steward",
            paragraphs: [
                "\(inviter) invited you to join the \(scope.noun) “\(scope.name)” on Steward as \(article(role)) \(role).",
                "Accept the invitation to create your account (or sign in) and go straight in. "
                    + "The link works once and is valid until \(format(expiresAt)).",
            ],
            action: ("Accept the invitation", link),
            footer: "If you weren't expecting this, you can ignore this email; nothing happens until you accept.",
            brand: brand)
    }

    /// `expiresAt` is nil when they already have an account and were added directly.
    public static func dataOwnerInvited(
        to: String, inviter: String, scope: Scope, link: String, expiresAt: Date?, brand: EmailBrand? = nil
    ) -> EmailContent {
        compose(
            to: to, kind: "data_owner_invite", subject: "You are the data owner of \(scope.name) on Steward",
            paragraphs: [
                "\(inviter) runs the workspace “\(scope.name)” on Steward on your behalf, and named you as its data "
                    + "owner: the data collected there is yours.",
                "You are in as a free observer, so you can watch the work as it happens."
                    + (expiresAt.map { " The link is valid until \(format($0))." } ?? ""),
            ],
            action: ("See your workspace", link),
            footer: "Observers can read everything and change nothing; it costs you nothing.", brand: brand)
    }

    public static func added(
        to: String, inviter: String, scope: Scope, role: String, link: String, reactivated: Bool,
        brand: EmailBrand? = nil
    ) -> EmailContent {
        compose(
            to: to, kind: reactivated ? "reactivated" : "added",
            subject: reactivated
                ? "You're back in \(scope.name) on Steward" : "\(inviter) added you to \(scope.name) on Steward",
            paragraphs: [
                reactivated
                    ? "\(inviter) restored your access to the \(scope.noun) “\(scope.name)”, now as \(article(role)) \(role)."
                    : "\(inviter) added you to the \(scope.noun) “\(scope.name)” as \(article(role)) \(role). "
                        + "You can start right away with your existing account."
            ],
            action: ("Open \(scope.name)", link), footer: nil, brand: brand)
    }

    public static func accessRequested(
        to: String, requester: String, requesterEmail: String, workspace: String, message: String?, link: String,
        brand: EmailBrand? = nil
    ) -> EmailContent {
        var paragraphs = ["\(requester) (\(requesterEmail)) asked to join the workspace “\(workspace)”."]
        if let message, !message.isEmpty { paragraphs.append("Their message: “\(message)”") }
        paragraphs.append("You can approve them with a role or deny the request.")
        return compose(
            to: to, kind: "access_requested", subject: "\(requester) asked to join \(workspace)",
            paragraphs: paragraphs, action: ("Review the request", link), footer: nil, brand: brand)
    }

    public static func accessDecided(
        to: String, workspace: String, approved: Bool, role: String?, link: String, brand: EmailBrand? = nil
    ) -> EmailContent {
        approved
            ? compose(
                to: to, kind: "access_approved", subject: "You can now enter \(workspace)",
                paragraphs: [
                    "Your request to join “\(workspace)” was approved. You are in as \(article(role ?? "member")) \(role ?? "member")."
                ],
                action: ("Open \(workspace)", link), footer: nil, brand: brand)
            : compose(
                to: to, kind: "access_denied", subject: "Your request to join \(workspace)",
                paragraphs: [
                    "Your request to join “\(workspace)” was not approved. If you think this is a mistake, "
                        + "talk to one of its admins."
                ], action: nil, footer: nil, brand: brand)
    }

    public static func roleChanged(
        to: String, scope: Scope, before: String, after: String, link: String, brand: EmailBrand? = nil
    ) -> EmailContent {
        compose(
            to: to, kind: "role_changed", subject: "Your role in \(scope.name) changed",
            paragraphs: ["Your role in the \(scope.noun) “\(scope.name)” changed from \(before) to \(after)."],
            action: ("Open \(scope.name)", link), footer: nil, brand: brand)
    }

    public static func removed(to: String, scope: Scope, brand: EmailBrand? = nil) -> EmailContent {
        compose(
            to: to, kind: "removed", subject: "You no longer have access to \(scope.name)",
            paragraphs: ["You were removed from the \(scope.noun) “\(scope.name)” on Steward."], action: nil,
            footer: nil, brand: brand)
    }

    // MARK: Rendering

    /// `brand`, when given, heads both parts with its name (and the HTML with its logo) and signs them.
    static func compose(
        to: String, kind: String, subject: String, paragraphs: [String], action: (label: String, url: String)?,
        footer: String?, brand: EmailBrand? = nil
    ) -> EmailContent {
        var text = brand.map { "\($0.name)\n\n" } ?? ""
        text += paragraphs.joined(separator: "\n\n")
        if let action { text += "\n\n\(action.label): \(action.url)" }
        if let footer { text += "\n\n\(footer)" }
        text += "\n\n— \(signature(brand))\n"
        var html = """
            <!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;\
            color:#111827;line-height:1.5;max-width:560px;margin:0 auto;padding:24px">
            """
        if let brand { html += brandHeader(brand) }
        for p in paragraphs { html += "<p>\(escape(p))</p>" }
        if let action {
            html += """
                <p><a href="\(escape(action.url))" style="display:inline-block;background:#4f46e5;color:#ffffff;\
                padding:10px 16px;border-radius:8px;text-decoration:none;font-weight:600">\(escape(action.label))</a></p>\
                <p style="color:#6b7280;font-size:13px">Or paste this link into your browser: \(escape(action.url))</p>
                """
        }
        if let footer { html += "<p style=\"color:#6b7280;font-size:13px\">\(escape(footer))</p>" }
        html += "<p style=\"color:#6b7280\">— \(escape(signature(brand)))</p></body></html>"
        return EmailContent(to: to, subject: subject, text: text, html: html, kind: kind, brand: brand)
    }

    public static func escape(_ s: String) -> String { Markup.escape(s) }

    static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    static func format(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "d MMMM yyyy, HH:mm 'UTC'"
        return f.string(from: date)
    }
}
