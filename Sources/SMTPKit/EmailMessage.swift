import Foundation
import NIOCore

public struct EmailMessage: Sendable, Equatable {
    /// The recipient, `someone@example.org` or `Someone <someone@example.org>`.
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    /// Images the HTML shows as `cid:<contentID>`, sent with it (multipart/related), so nothing
    /// is fetched from elsewhere when the email is opened.
    public var inlineImages: [InlineImage]

    public init(to: String, subject: String, text: String, html: String, inlineImages: [InlineImage] = []) {
        self.to = to
        self.subject = subject
        self.text = text
        self.html = html
        self.inlineImages = inlineImages
    }
}

/// An image carried inside the message, for the HTML part to show by its Content-ID.
public struct InlineImage: Sendable, Equatable {
    /// Without the angle brackets: `brand-logo@steward`, shown by `<img src="cid:brand-logo@steward">`.
    public var contentID: String
    /// `image/png`, `image/jpeg`, ...
    public var contentType: String
    public var filename: String
    public var data: [UInt8]

    public init(contentID: String, contentType: String, filename: String, data: [UInt8]) {
        self.contentID = contentID
        self.contentType = contentType
        self.filename = filename
        self.data = data
    }
}

public enum SMTPError: Error, CustomStringConvertible, Equatable, Sendable {
    case invalidAddress(String)
    case connectionFailed(host: String, port: Int, reason: String)
    case timedOut(TimeAmount)
    /// The server answered `code` where the step needed something else; `text` is its own words.
    case unexpectedReply(step: String, code: Int, text: String)
    case malformedReply(step: String, detail: String)
    case connectionClosed(step: String)
    case transport(step: String, reason: String)
    case startTLSNotOffered
    case authenticationNotOffered(advertised: String)

    public var description: String {
        switch self {
        case .invalidAddress(let detail):
            return "SMTP: invalid address: \(detail)"
        case .connectionFailed(let host, let port, let reason):
            return "SMTP: could not connect to \(host):\(port): \(reason)"
        case .timedOut(let amount):
            return "SMTP: no complete exchange within \(Double(amount.nanoseconds) / 1e9) s"
        case .unexpectedReply(let step, let code, let text):
            return "SMTP: the server answered \(step) with \(code) \(text)"
        case .malformedReply(let step, let detail):
            return "SMTP: malformed reply during \(step): \(detail)"
        case .connectionClosed(let step):
            return "SMTP: the server closed the connection during \(step)"
        case .transport(let step, let reason):
            return "SMTP: connection error during \(step): \(reason)"
        case .startTLSNotOffered:
            return "SMTP: STARTTLS is configured but the server does not offer it; nothing was sent in plain text"
        case .authenticationNotOffered(let advertised):
            return "SMTP: credentials are configured but the server offers no usable AUTH mechanism (\(advertised))"
        }
    }
}
