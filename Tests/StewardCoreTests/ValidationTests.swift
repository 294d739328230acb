import Foundation
import StewardCore
import Testing

@Suite("Validation")
struct ValidationTests {
    // MARK: EmailAddress

    @Test(
        "Email addresses are trimmed and lower-cased",
        arguments: [
            ("Foo@Example.COM", "foo@example.com"),
            ("  foo@example.com  ", "foo@example.com"),
            ("\tFOO@EXAMPLE.COM\n", "foo@example.com"),
            ("Anna.de.Vries+Steward@Sub.Example.NL", "anna.de.vries+steward@sub.example.nl"),
        ])
    func emailNormalises(raw: String, canonical: String) throws {
        let email = try #require(EmailAddress(raw))
        #expect(email.value == canonical)
        #expect(email.description == canonical)
    }

    @Test(
        "Plausible email addresses are accepted as they are",
        arguments: ["a@b.co", "first.last+tag@example.com", "x@sub.domain.org", "a-b@c-d.io", "1@2.nl"])
    func emailAccepts(raw: String) {
        #expect(EmailAddress(raw)?.value == raw)
    }

    @Test(
        "Junk is not an email address",
        arguments: [
            "", " ", "a", "a@b", "a b@c.de", "@x.io", "a@", "a@.io", "a@x.", "a@@x.io", "a@b@c.de", "a@x..io",
            "a@-x.io", "a@x-.io", "a@x_y.io", "a,b@c.de", "a;b@c.de", "a@b c.de", "plainaddress",
            "a" + String(repeating: "b", count: 290) + "@example.io",  // 302 characters
            "a@" + String(repeating: "b", count: 295) + ".io",  // 300 characters
        ])
    func emailRejects(raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test("An address may be 254 characters long, not 255")
    func emailLengthLimit() {
        let local = String(repeating: "a", count: 64)
        let at254 = local + "@" + String(repeating: "b", count: 185) + ".com"
        let at255 = local + "@" + String(repeating: "b", count: 186) + ".com"
        #expect(at254.count == 254)
        #expect(at255.count == 255)
        #expect(EmailAddress(at254) != nil)
        #expect(EmailAddress(at255) == nil)
    }

    @Test("The part before the @ may be 64 characters long, not 65")
    func emailLocalPartLimit() {
        #expect(EmailAddress(String(repeating: "a", count: 64) + "@example.com") != nil)
        #expect(EmailAddress(String(repeating: "a", count: 65) + "@example.com") == nil)
    }

    @Test("Markup, quotes, brackets and stray dots are not part of an address; RFC 5322's other characters are")
    func emailCharacters() {
        for refused in [
            "<b>x</b>@example.org", "\"quoted\"@example.org", "a\\b@example.org", "a(b)@example.org",
            "a[b]@example.org", "a:b@example.org", "a,b@example.org", "a;b@example.org", ".anna@example.org",
            "anna.@example.org", "an..na@example.org", "an na@example.org", "anna@exa mple.org",
        ] {
            #expect(EmailAddress(refused) == nil, "\(refused)")
        }
        for accepted in [
            "o'brien@example.org", "anna+steward@example.org", "first.last@example.org", "x_y-z@example.org",
            "jörg@example.de", "a!#$%&*/=?^`{|}~@example.org",
        ] {
            #expect(EmailAddress(accepted) != nil, "\(accepted)")
        }
    }

    @Test("Two spellings of one address are the same address")
    func emailEquality() {
        #expect(EmailAddress("Anna@Example.com") == EmailAddress(" anna@example.COM"))
        #expect(Set([EmailAddress("A@B.co")!, EmailAddress("a@b.co")!]).count == 1)
        #expect(EmailAddress("anna@example.com") != EmailAddress("anne@example.com"))
    }

    @Test("Email addresses decode normalised, encode as a plain string, and refuse junk")
    func emailCodable() throws {
        let decoded = try JSONDecoder().decode([EmailAddress].self, from: Data(#"[" Bob@Example.ORG "]"#.utf8))
        #expect(decoded.map(\.value) == ["bob@example.org"])
        let encoded = try JSONEncoder().encode(decoded)
        #expect(String(decoding: encoded, as: UTF8.self) == #"["bob@example.org"]"#)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([EmailAddress].self, from: Data(#"["not an email"]"#.utf8))
        }
    }

    // MARK: Validator

    @Test("A fresh validator passes")
    func emptyValidatorPasses() throws {
        let validator = Validator()
        #expect(validator.errors.isEmpty)
        try validator.check()
    }

    @Test("The validator collects every problem, in order, and throws them at once")
    func collectsMultipleErrors() {
        var v = Validator()
        _ = v.name("", field: "name")
        _ = v.email("nope", field: "email")
        _ = v.newPassword("short")
        let role: WorkspaceRole? = v.role("king")
        #expect(role == nil)
        #expect(v.errors.map(\.field) == ["name", "email", "password", "role"])
        let error = #expect(throws: DomainError.self) { try v.check() }
        #expect(error?.code == "validation_failed")
        #expect(error?.kind == .unprocessable)
        #expect(error?.fieldErrors == v.errors)
        for field in ["name", "email", "password", "role"] {
            #expect(error?.detail.contains(field) == true)
        }
    }

    @Test("Valid input leaves no errors and returns the cleaned values")
    func validInput() throws {
        var v = Validator()
        let name = v.name("  Research team  ", field: "name")
        let email = v.email(" Anna@Example.com ")
        let password = v.newPassword("correct horse battery")
        let role: OrgRole? = v.role("billing")
        try v.check()
        #expect(name == "Research team")
        #expect(email?.value == "anna@example.com")
        #expect(password == "correct horse battery")
        #expect(role == .billing)
    }

    @Test("A name is required", arguments: [nil, "", "   ", "\n\t"] as [String?])
    func nameRequired(value: String?) {
        var v = Validator()
        _ = v.name(value, field: "name")
        #expect(v.errors == [.init(field: "name", message: "is required")])
    }

    @Test("A name may be 120 characters by default, not 121")
    func nameDefaultLimit() {
        var ok = Validator()
        #expect(ok.name(String(repeating: "x", count: 120), field: "name").count == 120)
        #expect(ok.errors.isEmpty)
        var tooLong = Validator()
        _ = tooLong.name(String(repeating: "x", count: 121), field: "name")
        #expect(tooLong.errors.map(\.field) == ["name"])
        #expect(tooLong.errors.first?.message.contains("120") == true)
    }

    @Test("A name's limit can be set per field; it counts the value as sent, like the API schema")
    func nameCustomLimit() {
        var v = Validator()
        #expect(v.name(" abc ", field: "fits", max: 5) == "abc")
        _ = v.name("  abcde  ", field: "spacesCount", max: 5)
        _ = v.name("abcdef", field: "tooLong", max: 5)
        #expect(v.errors.map(\.field) == ["spacesCount", "tooLong"])
        #expect(v.errors.first?.message.contains("5") == true)
    }

    @Test(
        "A name is one line of text, judged as sent",
        arguments: [
            "first\nsecond", "trailing break\n", "\rleading", "tab\u{0B}vertical", "next\u{85}line", "unit\u{1C}sep",
            "line\u{2028}separator", "para\u{2029}separator", "nul\u{0}",
        ])
    func nameSingleLine(name: String) {
        var v = Validator()
        _ = v.name(name, field: "name")
        #expect(v.errors.map(\.field) == ["name"])
        #expect(v.errors.first?.message == "must be a single line")
    }

    @Test("A name's length counts the code points sent, spaces included; what is kept is trimmed")
    func nameLengthAsSent() {
        var v = Validator()
        #expect(v.name("  Harbour Council  ", field: "a") == "Harbour Council")
        _ = v.name(" " + String(repeating: "x", count: 120), field: "b")
        _ = v.name(String(repeating: "🇳🇿", count: 61), field: "c")
        #expect(v.errors.map(\.field) == ["b", "c"])
    }

    @Test("Optional text may be empty but not too long (as sent); required text must be present")
    func texts() {
        var v = Validator()
        #expect(v.optionalText(nil, field: "a", max: 10) == "")
        #expect(v.optionalText("  01234567  ", field: "b", max: 12) == "01234567")
        _ = v.optionalText("01234567890", field: "c", max: 10)
        _ = v.optionalText("\n0123456789", field: "c2", max: 10)
        _ = v.requiredText("   ", field: "d", max: 10)
        #expect(v.requiredText(" ok ", field: "e", max: 10) == "ok")
        _ = v.requiredText(String(repeating: "y", count: 11), field: "f", max: 10)
        #expect(v.errors.map(\.field) == ["c", "c2", "d", "f"])
    }

    @Test("A missing email is required, a malformed one is invalid")
    func emailField() throws {
        var v = Validator()
        #expect(v.email(nil) == nil)
        #expect(v.email("   ", field: "owner") == nil)
        #expect(v.email("a@b", field: "other") == nil)
        try #require(v.errors.map(\.field) == ["email", "owner", "other"])
        #expect(v.errors[0].message == "is required")
        #expect(v.errors[1].message == "is required")
        #expect(v.errors[2].message != "is required")
    }

    @Test(
        "Passwords need 8 to 128 characters, counted as code points like JSON Schema counts them",
        arguments: [
            (nil, false), ("", false), ("1234567", false), ("12345678", true),
            (String(repeating: "p", count: 128), true), (String(repeating: "p", count: 129), false),
            // 128 two-byte characters are 256 bytes: still 128 characters.
            (String(repeating: "é", count: 128), true), (String(repeating: "é", count: 129), false),
            // A flag is one grapheme but two code points: 4 flags are 8 characters.
            (String(repeating: "🇳🇿", count: 4), true), (String(repeating: "🇳🇿", count: 3), false),
        ] as [(String?, Bool)])
    func passwordLength(password: String?, valid: Bool) {
        var v = Validator()
        _ = v.newPassword(password)
        #expect(v.errors.isEmpty == valid)
        if !valid { #expect(v.errors.map(\.field) == ["password"]) }
    }

    @Test("bcrypt sees every byte of a long password, and short passwords exactly as typed")
    func passwordDigestForBcrypt() {
        let short = String(repeating: "p", count: 72)
        #expect(PasswordDigest.bcryptInput(short) == short)
        let long = String(repeating: "p", count: 72) + "a"
        let sibling = String(repeating: "p", count: 72) + "b"
        #expect(PasswordDigest.bcryptInput(long) != PasswordDigest.bcryptInput(sibling))
        #expect(PasswordDigest.bcryptInput(long).utf8.count <= 72)
        #expect(PasswordDigest.bcryptInput(String(repeating: "é", count: 128)).utf8.count <= 72)
    }

    @Test("A too-short password says so")
    func passwordMessages() {
        var short = Validator()
        _ = short.newPassword("abc", field: "newPassword")
        #expect(short.errors == [.init(field: "newPassword", message: "must be at least 8 characters")])
        var long = Validator()
        _ = long.newPassword(String(repeating: "x", count: 200))
        #expect(long.errors.count == 1)
        #expect(long.errors.first?.message.contains("at most") == true)
    }

    @Test("Role parsing accepts exact workspace role names", arguments: WorkspaceRole.allCases)
    func workspaceRoleParses(role: WorkspaceRole) {
        var v = Validator()
        let parsed: WorkspaceRole? = v.role(role.rawValue)
        #expect(parsed == role)
        #expect(v.errors.isEmpty)
    }

    @Test(
        "Role parsing rejects anything else and lists the allowed workspace roles",
        arguments: [nil, "", "Admin", "superuser", " member"] as [String?])
    func workspaceRoleRejected(value: String?) {
        var v = Validator()
        let parsed: WorkspaceRole? = v.role(value, field: "newRole")
        #expect(parsed == nil)
        #expect(
            v.errors == [
                .init(field: "newRole", message: "must be one of: observer, external, member, billing, admin, owner")
            ])
    }

    @Test("Role parsing lists the allowed org roles")
    func orgRoleRejected() {
        var v = Validator()
        let parsed: OrgRole? = v.role("external")
        #expect(parsed == nil)
        #expect(v.errors == [.init(field: "role", message: "must be one of: member, billing, admin, owner")])
    }

    @Test("fail adds a custom field error")
    func customFailure() {
        var v = Validator()
        v.fail("agreement", "must be accepted")
        let error = #expect(throws: DomainError.self) { try v.check() }
        #expect(error?.fieldErrors == [.init(field: "agreement", message: "must be accepted")])
        #expect(error?.detail == "agreement: must be accepted")
    }
}
