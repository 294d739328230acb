import Foundation

/// A stored logo an email shows: a workspace's (the client's, under whitelabel) or an
/// organisation's. Only this reference is queued with the email, never the image: the worker
/// reads the bytes when it sends, so a bulk invite does not copy a logo into every message.
public enum LogoSource: Hashable, Sendable {
    case workspace(UUID)
    case organisation(UUID)

    /// How the outbox keeps it: `workspace:<uuid>` or `org:<uuid>`.
    public var key: String {
        switch self {
        case .workspace(let id): "workspace:\(id.uuidString.lowercased())"
        case .organisation(let id): "org:\(id.uuidString.lowercased())"
        }
    }

    /// nil for anything `key` does not produce.
    public init?(key: String) {
        let parts = key.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let id = UUID(uuidString: String(parts[1])) else { return nil }
        switch parts[0] {
        case "workspace": self = .workspace(id)
        case "org": self = .organisation(id)
        default: return nil
        }
    }
}

/// Whose email it is: the client under whitelabel, otherwise the organisation. Its name heads
/// both parts and signs them; its logo, when there is one, is an inline image of the HTML part.
public struct EmailBrand: Equatable, Sendable {
    /// The Content-ID of the inline logo: the HTML refers to it as `cid:…`, the MIME part carries it.
    public static let logoContentID = "brand-logo@steward"

    public var name: String
    public var logo: LogoSource?

    public init(name: String, logo: LogoSource?) {
        self.name = name
        self.logo = logo
    }
}

extension Emails {
    /// The top of a branded HTML email. The logo is an inline part (no remote image to fetch or
    /// track); the name is text as well, so the email still says whose it is with images off.
    static func brandHeader(_ brand: EmailBrand) -> String {
        var header = "<div style=\"margin:0 0 24px\">"
        if brand.logo != nil {
            header +=
                "<img src=\"cid:\(EmailBrand.logoContentID)\" alt=\"\(escape(brand.name))\" height=\"40\" "
                + "style=\"max-height:40px;width:auto;display:block;margin-bottom:8px\">"
        }
        header += "<p style=\"font-weight:600;font-size:16px;margin:0\">\(escape(brand.name))</p></div>"
        return header
    }

    /// Who signs: Steward, or the brand with Steward as the messenger.
    static func signature(_ brand: EmailBrand?) -> String {
        brand.map { "\($0.name), via Steward" } ?? "Steward"
    }
}
