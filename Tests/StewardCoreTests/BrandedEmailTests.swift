import Foundation
import Testing

@testable import StewardCore

@Suite("Branded emails")
struct BrandedEmailTests {
    static let clientID = UUID(uuidString: "6F1C2A52-0B7E-4C0B-9A51-3D7E2B1C9A01")!
    static let orgID = UUID(uuidString: "0C3E9D14-5A7B-4E2C-8F60-1B2A3C4D5E6F")!
    static let expiresAt = Date(timeIntervalSince1970: 1_700_086_400)
    static let link = "https://steward.test/invitations/t0k3n"

    static func invite(brand: EmailBrand?) -> EmailContent {
        Emails.invited(
            to: "new@example.org", inviter: "Ana", scope: .init(noun: "workspace", name: "Municipality panels"),
            role: "member", link: link, expiresAt: expiresAt, brand: brand)
    }

    @Test("a branded email opens with the inline logo and the name, and is signed by the brand")
    func brandedHeader() throws {
        let brand = EmailBrand(name: "City of Example", logo: .workspace(Self.clientID))
        let email = Self.invite(brand: brand)
        #expect(email.brand == brand)
        #expect(
            email.html.contains(
                "<img src=\"cid:brand-logo@steward\" alt=\"City of Example\" height=\"40\" "
                    + "style=\"max-height:40px;width:auto;display:block;margin-bottom:8px\">"))
        #expect(email.html.contains(">City of Example</p>"), "the name as text, for images off")
        let header = try #require(email.html.range(of: "cid:brand-logo@steward"))
        let message = try #require(email.html.range(of: "Ana invited you"))
        #expect(header.lowerBound < message.lowerBound, "the brand comes first")
        #expect(email.html.contains("— City of Example, via Steward</p>"))
        #expect(email.text.hasPrefix("City of Example\n\nAna invited you"))
        #expect(email.text.hasSuffix("\n\n— City of Example, via Steward\n"))
        #expect(email.text.contains(Self.link))
        #expect(!email.text.contains("cid:"), "the plain text has no image to refer to")
    }

    @Test("a brand without a logo is its name alone")
    func brandWithoutLogo() {
        let email = Self.invite(brand: EmailBrand(name: "Acme Research", logo: nil))
        #expect(!email.html.contains("<img"))
        #expect(email.html.contains(">Acme Research</p>"))
        #expect(email.text.hasPrefix("Acme Research\n\n"))
    }

    @Test("an unbranded email is as it always was: no header, signed by Steward")
    func unbrandedUnchanged() {
        let email = Self.invite(brand: nil)
        let defaulted = Emails.invited(
            to: "new@example.org", inviter: "Ana", scope: .init(noun: "workspace", name: "Municipality panels"),
            role: "member", link: Self.link, expiresAt: Self.expiresAt)
        #expect(email == defaulted)
        #expect(email.brand == nil)
        #expect(email.html.contains("padding:24px\"><p>Ana invited you"), "the first paragraph opens the body")
        #expect(!email.html.contains("<img") && !email.html.contains("<div"))
        #expect(email.html.hasSuffix("<p style=\"color:#6b7280\">— Steward</p></body></html>"))
        #expect(email.text.hasPrefix("Ana invited you"))
        #expect(email.text.hasSuffix("\n\n— Steward\n"))
        // Account emails take no brand at all.
        let reset = Emails.passwordReset(to: "a@example.org", name: "Ana", link: Self.link, expiresAt: Self.expiresAt)
        #expect(reset.brand == nil && !reset.html.contains("<img"))
    }

    @Test("a logo source is stored as a key and read back; anything else is no logo")
    func logoSourceKeys() {
        let workspace = LogoSource.workspace(Self.clientID)
        let org = LogoSource.organisation(Self.orgID)
        #expect(workspace.key == "workspace:6f1c2a52-0b7e-4c0b-9a51-3d7e2b1c9a01")
        #expect(org.key == "org:0c3e9d14-5a7b-4e2c-8f60-1b2a3c4d5e6f")
        #expect(LogoSource(key: workspace.key) == workspace)
        #expect(LogoSource(key: org.key) == org)
        for bad in ["", "workspace", "workspace:", "org:not-a-uuid", "team:\(Self.orgID)", ":\(Self.orgID)"] {
            #expect(LogoSource(key: bad) == nil, "\(bad)")
        }
    }

    // MARK: Escaping

    static let hostile = #"<script>alert(1)</script> & "quotes" 'x'"#
    static let hostileEscaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;x&#39;"
    static let hostileLink = #"https://steward.test/invitations/t?a=1&b="><script>alert(2)</script>'"#

    /// Every workspace and organisation email, with `value` in every field a person can set and
    /// `link` as its link.
    static func placeEmails(_ value: String, link: String) -> [(name: String, email: EmailContent)] {
        let brand = EmailBrand(name: value, logo: .workspace(clientID))
        let workspace = Emails.Scope(noun: "workspace", name: value)
        let organisation = Emails.Scope(noun: "organisation", name: value)
        let orgBrand = EmailBrand(name: value, logo: .organisation(orgID))
        return [
            (
                "invited",
                Emails.invited(
                    to: "a@example.org", inviter: value, scope: workspace, role: value, link: link,
                    expiresAt: expiresAt, brand: brand)
            ),
            (
                "invited to an organisation",
                Emails.invited(
                    to: "a@example.org", inviter: value, scope: organisation, role: value, link: link,
                    expiresAt: expiresAt, brand: orgBrand)
            ),
            (
                "data owner invited",
                Emails.dataOwnerInvited(
                    to: "a@example.org", inviter: value, scope: workspace, link: link, expiresAt: expiresAt,
                    brand: brand)
            ),
            (
                "data owner added",
                Emails.dataOwnerInvited(
                    to: "a@example.org", inviter: value, scope: workspace, link: link, expiresAt: nil, brand: brand)
            ),
            (
                "added",
                Emails.added(
                    to: "a@example.org", inviter: value, scope: workspace, role: value, link: link,
                    reactivated: false, brand: brand)
            ),
            (
                "reactivated",
                Emails.added(
                    to: "a@example.org", inviter: value, scope: organisation, role: value, link: link,
                    reactivated: true, brand: orgBrand)
            ),
            (
                "access requested",
                Emails.accessRequested(
                    to: "a@example.org", requester: value, requesterEmail: value, workspace: value, message: value,
                    link: link, brand: brand)
            ),
            (
                "access approved",
                Emails.accessDecided(
                    to: "a@example.org", workspace: value, approved: true, role: value, link: link, brand: brand)
            ),
            (
                "access denied",
                Emails.accessDecided(
                    to: "a@example.org", workspace: value, approved: false, role: nil, link: link, brand: brand)
            ),
            (
                "role changed",
                Emails.roleChanged(
                    to: "a@example.org", scope: workspace, before: value, after: value, link: link, brand: brand)
            ),
            ("removed", Emails.removed(to: "a@example.org", scope: organisation, brand: orgBrand)),
            (
                "handed over to the client",
                Emails.handoffToClient(
                    to: "a@example.org", workspace: value, organisation: value, link: link, brand: orgBrand)
            ),
            (
                "handed over, told to the partner",
                Emails.handoffToPartner(
                    to: "a@example.org", workspace: value, client: value, keptAsExternal: true, brand: orgBrand)
            ),
        ]
    }

    @Test("every value a person supplies is escaped in the HTML and kept as it is in the plain text")
    func everyValueIsEscaped() {
        let hostile = Self.placeEmails(Self.hostile, link: Self.hostileLink)
        let benign = Self.placeEmails("Plain value", link: Self.link)
        #expect(hostile.count == benign.count)
        for ((name, email), (_, reference)) in zip(hostile, benign) {
            let html = email.html
            #expect(!html.contains("<script"), "\(name): a raw tag")
            #expect(!html.contains("\"quotes\"") && !html.contains("'x'"), "\(name): a raw quote")
            #expect(html.contains(Self.hostileEscaped), "\(name): the escaped value")
            #expect(html.contains("alt=\"\(Self.hostileEscaped)\""), "\(name): the logo's alt text")
            // Markup characters come only from the template: as many as with harmless values.
            for character in ["<", ">", "\"", "'"] {
                #expect(
                    html.components(separatedBy: character).count
                        == reference.html.components(separatedBy: character).count,
                    "\(name): a stray \(character) in the HTML")
            }
            #expect(email.text.hasPrefix(Self.hostile + "\n\n"), "\(name): the brand heads the text as written")
            #expect(email.text.contains("— \(Self.hostile), via Steward"), "\(name)")
            #expect(!email.text.contains("&lt;") && !email.text.contains("&quot;"), "\(name): text is not HTML")
        }
        // The link is escaped where it is an attribute and where it is text, and kept in the text part.
        let escapedLink = Emails.escape(Self.hostileLink)
        for (name, email) in hostile where email.text.contains(Self.hostileLink) {
            #expect(email.html.contains("href=\"\(escapedLink)\""), "\(name)")
            #expect(email.html.contains("browser: \(escapedLink)</p>"), "\(name)")
        }
        #expect(hostile.filter { $0.email.text.contains(Self.hostileLink) }.count == 10, "every email with a link")
    }
}
