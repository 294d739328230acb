import Foundation
import Testing

@testable import SMTPKit

/// Branded emails: the HTML and the logo it shows travel together, and nothing a person typed can
/// change the message's structure.
@Suite struct InlineImageTests {
    static let messageID = "<abc123@steward.test>"
    static let outer = "=_steward_abc123stewardtest"
    static let inner = "=_related_abc123stewardtest"
    static let html = #"<p><img src="cid:brand-logo@steward" alt="City of Example">City of Example</p><p>Hello.</p>"#
    /// 1,000 bytes: 1,336 base64 characters, seventeen lines of 76 and a shorter last one.
    static let logo = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    static func render(_ message: EmailMessage) throws -> String {
        let settings = try SMTPSettings.parse(url: "smtp://localhost", from: "Steward <noreply@steward.test>")
        let date = Date(timeIntervalSince1970: 1_751_371_200)
        return SMTPClient.render(message, settings: settings, date: date, messageID: messageID)
    }

    static let branded = EmailMessage(
        to: "someone@example.org", subject: "Ana invited you", text: "City of Example\n\nHello.", html: html,
        inlineImages: [
            InlineImage(contentID: "brand-logo@steward", contentType: "image/png", filename: "logo.png", data: logo)
        ])

    @Test func anInlineImageMakesTheHTMLMultipartRelated() throws {
        let rendered = try Self.render(Self.branded)
        let message = try entity(rendered)
        #expect(message.headers["content-type"] == "multipart/alternative; boundary=\"\(Self.outer)\"")
        let parts = try bodyParts(message.body, boundary: Self.outer).map(entity)
        #expect(parts.count == 2)
        #expect(parts[0].headers["content-type"] == "text/plain; charset=utf-8")
        #expect(decodeQuotedPrintable(parts[0].body) == "City of Example\r\n\r\nHello.")
        #expect(parts[1].headers["content-type"] == "multipart/related; type=\"text/html\"; boundary=\"\(Self.inner)\"")

        let related = try bodyParts(parts[1].body, boundary: Self.inner).map(entity)
        #expect(related.count == 2)
        #expect(related[0].headers["content-type"] == "text/html; charset=utf-8")
        #expect(related[0].headers["content-transfer-encoding"] == "quoted-printable")
        #expect(decodeQuotedPrintable(related[0].body) == Self.html)
        let image = related[1]
        #expect(image.headers["content-type"] == "image/png")
        #expect(image.headers["content-id"] == "<brand-logo@steward>")
        #expect(image.headers["content-disposition"] == "inline; filename=\"logo.png\"")
        #expect(image.headers["content-transfer-encoding"] == "base64")
        let lines = image.body.components(separatedBy: "\r\n")
        #expect(lines.count == 18)
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.dropLast().allSatisfy { $0.count == 76 })
        #expect(Data(base64Encoded: lines.joined()).map { [UInt8]($0) } == Self.logo)

        // Each boundary opens its parts and closes once; neither is the start of the other.
        let all = rendered.components(separatedBy: "\r\n")
        #expect(all.filter { $0 == "--" + Self.outer }.count == 2)
        #expect(all.filter { $0 == "--" + Self.outer + "--" }.count == 1)
        #expect(all.filter { $0 == "--" + Self.inner }.count == 2)
        #expect(all.filter { $0 == "--" + Self.inner + "--" }.count == 1)
        #expect(!Self.inner.hasPrefix(Self.outer) && !Self.outer.hasPrefix(Self.inner))
        #expect(rendered.utf8.allSatisfy { $0 < 128 })
        #expect(all.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func withoutImagesTheMessageIsRenderedAsBefore() throws {
        let plain = EmailMessage(to: "someone@example.org", subject: "Hello", text: "Hi.", html: "<p>Hi.</p>")
        #expect(plain.inlineImages.isEmpty)
        var explicit = plain
        explicit.inlineImages = []
        #expect(try Self.render(explicit) == Self.render(plain))
        let rendered = try Self.render(plain)
        #expect(!rendered.contains("multipart/related") && !rendered.contains("Content-ID"))
        let parts = try bodyParts(try entity(rendered).body, boundary: Self.outer).map(entity)
        #expect(parts.map { $0.headers["content-type"] } == ["text/plain; charset=utf-8", "text/html; charset=utf-8"])
    }

    @Test func nothingInTheSubjectRecipientOrImageCanAddAHeader() throws {
        var message = Self.branded
        message.subject = "Grüße\r\nBcc: victim@example.org"
        message.to = "someone@example.org\r\nX-Injected: to"
        message.inlineImages = [
            InlineImage(
                contentID: "brand-logo@steward>\r\nX-Injected: id", contentType: "image/png\r\nX-Injected: type",
                filename: "logo\"\r\nX-Injected: name.png", data: [1, 2, 3])
        ]
        let rendered = try Self.render(message)
        let lines = rendered.components(separatedBy: "\r\n")
        #expect(!lines.contains { $0.hasPrefix("Bcc:") || $0.hasPrefix("X-Injected") }, "\(rendered)")
        #expect(lines.contains { $0.hasPrefix("Subject: =?utf-8?B?") }, "a non-ASCII subject is an encoded word")
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let image = try #require(lines.first { $0.hasPrefix("Content-Disposition:") })
        #expect(image == "Content-Disposition: inline; filename=\"logoX-Injectedname.png\"")
        #expect(MIME.safeFilename("\"\r\n") == "image")
    }

    @Test func aLineOfJustADotIsStuffedInEveryPart() throws {
        var message = Self.branded
        message.text = "first\n.\nlast"
        message.html = "<p>first</p>\n.\n<p>last</p>"
        let stuffed = SMTPClient.dotStuffed(try Self.render(message))
        #expect(!stuffed.contains("\r\n.\r\n"), "a lone dot would end DATA early")
        #expect(stuffed.components(separatedBy: "\r\n..\r\n").count == 3, "the text and the HTML line both")
    }

    @Test func base64IsWrappedAt76Characters() {
        #expect(MIME.base64([]) == "")
        let bytes = (0..<570).map { UInt8(truncatingIfNeeded: $0) }  // 760 characters: exactly ten lines
        let encoded = MIME.base64(bytes)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.count == 10 && lines.allSatisfy { $0.count == 76 })
        #expect(Data(base64Encoded: lines.joined()).map { [UInt8]($0) } == bytes)
    }
}

// MARK: - a small MIME reader, independent of the encoder

private struct ReadFailure: Error, CustomStringConvertible {
    var description: String
}

/// An entity's headers (unfolded, names lower-cased) and its body.
private func entity(_ text: String) throws -> (headers: [String: String], body: String) {
    guard let end = text.range(of: "\r\n\r\n") else { throw ReadFailure(description: "no blank line after headers") }
    var headers: [String: String] = [:]
    let block = text[..<end.lowerBound].replacingOccurrences(of: "\r\n ", with: " ")
    for line in block.components(separatedBy: "\r\n") {
        guard let colon = line.firstIndex(of: ":") else { throw ReadFailure(description: "not a header: \(line)") }
        headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return (headers, String(text[end.upperBound...]))
}

/// The parts between the `--boundary` lines of a multipart body, which must end with `--boundary--`.
private func bodyParts(_ body: String, boundary: String) throws -> [String] {
    let chunks = ("\r\n" + body).components(separatedBy: "\r\n--" + boundary)
    guard chunks.count >= 3, let last = chunks.last, last.hasPrefix("--") else {
        throw ReadFailure(description: "no closing boundary \(boundary)")
    }
    return chunks.dropFirst().dropLast().map { String($0.trimmingPrefix("\r\n")) }
}
