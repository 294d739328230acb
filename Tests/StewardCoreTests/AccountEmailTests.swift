import Foundation
import Testing

@testable import StewardCore

/// One account email with what it should carry.
struct AccountEmailCase: Sendable, CustomTestStringConvertible {
    var kind: String
    var link: String
    var email: EmailContent
    var testDescription: String { "\(kind) \(email.subject)" }
}

@Suite("Account-security emails")
struct AccountEmailTests {
    static let hostileName = #"<script>alert(1)</script> & "x""#
    static let hostileDevice = "<b>Firefox</b> on macOS"
    static let hostileNewEmail = "new<i>@example.org"
    static let address = "203.0.113.7"
    static let when = Date(timeIntervalSince1970: 1_700_000_000)
    static let expiresAt = Date(timeIntervalSince1970: 1_700_086_400)
    static let verifyLink = "https://steward.test/verify?token=v1&next=/home"
    static let resetLink = "https://steward.test/reset?token=r1&u=42"
    static let securityLink = "https://steward.test/account/security?tab=sessions&from=email"

    static let cases: [AccountEmailCase] = [
        .init(
            kind: "verify_email", link: verifyLink,
            email: Emails.verifyEmail(
                to: "ann@example.org", name: hostileName, link: verifyLink, expiresAt: expiresAt, isChange: false)),
        .init(
            kind: "verify_email", link: verifyLink,
            email: Emails.verifyEmail(
                to: "ann@example.org", name: hostileName, link: verifyLink, expiresAt: expiresAt, isChange: true)),
        .init(
            kind: "password_reset", link: resetLink,
            email: Emails.passwordReset(
                to: "ann@example.org", name: hostileName, link: resetLink, expiresAt: expiresAt)),
        .init(
            kind: "password_changed", link: resetLink,
            email: Emails.passwordChanged(
                to: "ann@example.org", name: hostileName, at: when, viaReset: false, resetLink: resetLink)),
        .init(
            kind: "password_changed", link: resetLink,
            email: Emails.passwordChanged(
                to: "ann@example.org", name: hostileName, at: when, viaReset: true, resetLink: resetLink)),
        .init(
            kind: "email_change_requested", link: resetLink,
            email: Emails.emailChangeRequested(
                to: "ann@example.org", name: hostileName, newEmail: hostileNewEmail, resetLink: resetLink)),
        .init(
            kind: "email_changed", link: resetLink,
            email: Emails.emailChanged(
                to: "ann@example.org", name: hostileName, newEmail: hostileNewEmail, at: when, resetLink: resetLink)),
        .init(
            kind: "new_sign_in", link: securityLink,
            email: Emails.newSignIn(
                to: "ann@example.org", name: hostileName, device: hostileDevice, clientAddress: address, at: when,
                securityLink: securityLink)),
        .init(
            kind: "two_factor_changed", link: securityLink,
            email: Emails.twoFactorChanged(
                to: "ann@example.org", name: hostileName, enabled: true, at: when, securityLink: securityLink)),
        .init(
            kind: "two_factor_changed", link: securityLink,
            email: Emails.twoFactorChanged(
                to: "ann@example.org", name: hostileName, enabled: false, at: when, securityLink: securityLink)),
        .init(
            kind: "recovery_code_used", link: securityLink,
            email: Emails.recoveryCodeUsed(
                to: "ann@example.org", name: hostileName, remaining: 3, at: when, securityLink: securityLink)),
    ]

    @Test("each email has a subject, the right kind and the recipient", arguments: cases)
    func basics(_ c: AccountEmailCase) {
        #expect(!c.email.subject.trimmingCharacters(in: .whitespaces).isEmpty)
        #expect(c.email.kind == c.kind)
        #expect(c.email.to == "ann@example.org")
    }

    @Test("the link is in the text part verbatim and in the HTML part escaped", arguments: cases)
    func link(_ c: AccountEmailCase) {
        #expect(c.email.text.contains(c.link))
        #expect(c.email.html.contains(Emails.escape(c.link)))
        #expect(c.email.html.contains("href=\"\(Emails.escape(c.link))\""))
        // The links carry a query string with `&`, which must never reach the HTML raw.
        #expect(!c.email.html.contains(c.link))
    }

    @Test("hostile values are escaped in HTML and verbatim in text", arguments: cases)
    func escaping(_ c: AccountEmailCase) {
        #expect(c.email.text.contains(Self.hostileName))
        #expect(c.email.html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;"))
        #expect(!c.email.html.contains("<script>"))
        #expect(!c.email.html.contains("</script>"))
        #expect(!c.email.html.contains(#""x""#))
        #expect(!c.email.html.contains("<b>"))
        #expect(!c.email.html.contains("<i>"))
        if c.kind == "new_sign_in" {
            #expect(c.email.text.contains(Self.hostileDevice))
            #expect(c.email.html.contains("&lt;b&gt;Firefox&lt;/b&gt; on macOS"))
        }
        if c.kind.hasPrefix("email_change") {
            #expect(c.email.text.contains(Self.hostileNewEmail))
            #expect(c.email.html.contains("new&lt;i&gt;@example.org"))
        }
    }

    @Test("verifyEmail shows the expiry and tells a sign-up from a change of address")
    func verifyEmail() {
        let signUp = Emails.verifyEmail(
            to: "ann@example.org", name: "Ann", link: Self.verifyLink, expiresAt: Self.expiresAt, isChange: false)
        let change = Emails.verifyEmail(
            to: "ann@example.org", name: "Ann", link: Self.verifyLink, expiresAt: Self.expiresAt, isChange: true)
        for email in [signUp, change] {
            #expect(email.text.contains("15 November 2023, 22:13 UTC"))
            #expect(email.html.contains("15 November 2023, 22:13 UTC"))
            #expect(email.text.contains("Hi Ann,"))
        }
        #expect(signUp.subject != change.subject)
        #expect(change.text.contains("change the email address"))
        #expect(!signUp.text.contains("change the email address"))
    }

    @Test("passwordReset shows the expiry, says the link works once and that ignoring it changes nothing")
    func passwordReset() {
        let email = Emails.passwordReset(
            to: "ann@example.org", name: "Ann", link: Self.resetLink, expiresAt: Self.expiresAt)
        #expect(email.text.contains("15 November 2023, 22:13 UTC"))
        #expect(email.html.contains("15 November 2023, 22:13 UTC"))
        #expect(email.text.contains("works once"))
        #expect(email.text.contains("nothing changes"))
    }

    @Test("passwordChanged says other sessions and API tokens were signed out, and mentions a reset if used")
    func passwordChanged() {
        let direct = Emails.passwordChanged(
            to: "ann@example.org", name: "Ann", at: Self.when, viaReset: false, resetLink: Self.resetLink)
        let viaReset = Emails.passwordChanged(
            to: "ann@example.org", name: "Ann", at: Self.when, viaReset: true, resetLink: Self.resetLink)
        for email in [direct, viaReset] {
            #expect(email.text.contains("14 November 2023, 22:13 UTC"))
            #expect(email.text.contains("every other session and API token was signed out"))
            #expect(email.text.contains("If this wasn't you"))
        }
        #expect(viaReset.text.contains("reset link"))
        #expect(!direct.text.contains("reset link"))
    }

    @Test("email-change notices go to the old address and name the new one")
    func emailChange() {
        let requested = Emails.emailChangeRequested(
            to: "old@example.org", name: "Ann", newEmail: "new@example.org", resetLink: Self.resetLink)
        let changed = Emails.emailChanged(
            to: "old@example.org", name: "Ann", newEmail: "new@example.org", at: Self.when, resetLink: Self.resetLink)
        for email in [requested, changed] {
            #expect(email.to == "old@example.org")
            #expect(email.text.contains("new@example.org"))
            #expect(email.text.contains("If this wasn't you"))
        }
        #expect(requested.text.contains("verified"))
        #expect(changed.text.contains("14 November 2023, 22:13 UTC"))
    }

    @Test("newSignIn names the device, the address and the time, and links to the sessions")
    func newSignIn() {
        let email = Emails.newSignIn(
            to: "ann@example.org", name: "Ann", device: "Safari on iPhone", clientAddress: Self.address, at: Self.when,
            securityLink: Self.securityLink)
        #expect(email.text.contains("from Safari on iPhone (203.0.113.7) at 14 November 2023, 22:13 UTC"))
        #expect(email.text.contains("Review your sessions: \(Self.securityLink)"))
        #expect(email.html.contains(">Review your sessions</a>"))
    }

    @Test("twoFactorChanged tells on from off")
    func twoFactorChanged() {
        let on = Emails.twoFactorChanged(
            to: "ann@example.org", name: "Ann", enabled: true, at: Self.when, securityLink: Self.securityLink)
        let off = Emails.twoFactorChanged(
            to: "ann@example.org", name: "Ann", enabled: false, at: Self.when, securityLink: Self.securityLink)
        #expect(on.subject != off.subject)
        #expect(on.text.contains("turned on"))
        #expect(off.text.contains("turned off"))
        #expect(on.text.contains("14 November 2023, 22:13 UTC"))
    }

    @Test(
        "recoveryCodeUsed says how many codes are left",
        arguments: [
            (0, "no recovery codes left"),
            (1, "1 recovery code left"),
            (7, "7 recovery codes left"),
        ])
    func recoveryCodeUsed(remaining: Int, phrase: String) {
        let email = Emails.recoveryCodeUsed(
            to: "ann@example.org", name: "Ann", remaining: remaining, at: Self.when, securityLink: Self.securityLink)
        #expect(email.text.contains(phrase))
        #expect(email.text.contains("14 November 2023, 22:13 UTC"))
    }

    @Test("an empty name still greets politely")
    func emptyName() {
        let email = Emails.passwordReset(
            to: "ann@example.org", name: "  ", link: Self.resetLink, expiresAt: Self.expiresAt)
        #expect(email.text.hasPrefix("Hi,\n\n"))
    }
}
