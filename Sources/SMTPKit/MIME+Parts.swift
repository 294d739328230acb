import Foundation

// The body parts of a message: text as quoted-printable, and the HTML with the images it shows.
extension MIME {
    /// The headers and body of a text part (without its boundary line).
    static func textPart(_ type: String, _ body: String) -> [String] {
        [
            "Content-Type: \(type); charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            quotedPrintable(body),
        ]
    }

    /// multipart/related (RFC 2387): the HTML first, then each image it refers to by `cid:`,
    /// closed by its own boundary.
    static func relatedPart(html: String, images: [InlineImage], boundary: String) -> [String] {
        var lines = [
            "Content-Type: multipart/related; type=\"text/html\";\r\n boundary=\"\(boundary)\"",
            "",
            "--" + boundary,
        ]
        lines += textPart("text/html", html)
        for image in images {
            let contentID = headerSafe(image.contentID).filter { $0 != "<" && $0 != ">" && $0 != " " }
            lines += [
                "--" + boundary,
                "Content-Type: " + headerSafe(image.contentType),
                "Content-ID: <\(contentID)>",
                "Content-Disposition: inline; filename=\"\(safeFilename(image.filename))\"",
                "Content-Transfer-Encoding: base64",
                "",
                base64(image.data),
            ]
        }
        lines.append("--\(boundary)--")
        return lines
    }

    /// Base64 in lines of 76 characters, CRLF between them.
    static func base64(_ bytes: [UInt8]) -> String {
        let encoded = Data(bytes).base64EncodedString()
        var lines: [Substring] = []
        var rest = Substring(encoded)
        while !rest.isEmpty {
            lines.append(rest.prefix(maxLineLength))
            rest = rest.dropFirst(maxLineLength)
        }
        return lines.joined(separator: "\r\n")
    }

    /// A file name that needs no quoting or encoding in a header; "image" if nothing is left.
    static func safeFilename(_ name: String) -> String {
        let kept = String(name.filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }.prefix(60))
        return kept.isEmpty ? "image" : kept
    }
}
