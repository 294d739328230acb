import Foundation

/// The pages that something outside a page links to: emails, API answers (an invite link's
/// `url`) and the services that write them. Their paths are built only here; the server's
/// `Paths` builds the same pages from these cases, and a test requests every case from the
/// running routes.
public enum SitePage: Sendable, Hashable {
    case workspaces
    case workspace(WorkspaceID)
    /// A workspace's members page, optionally at one of its sections (`access-requests`).
    case workspaceMembers(WorkspaceID, section: String? = nil)
    case org(OrgID)
    case orgMembers(OrgID)
    case orgBilling(OrgID)
    /// The account page, optionally at one of its sections (`sessions`).
    case account(section: String? = nil)
    case invitation(token: String)
    case verifyEmail(token: String)
    /// The "forgot your password" form; with a token, the form that sets a new one.
    case resetPassword(token: String? = nil)

    public var path: String {
        switch self {
        case .workspaces: "/workspaces"
        case .workspace(let id): "/w/\(id)"
        case .workspaceMembers(let id, let section): "/w/\(id)/members" + Self.fragment(section)
        case .org(let id): "/orgs/\(id)"
        case .orgMembers(let id): "/orgs/\(id)/members"
        case .orgBilling(let id): "/orgs/\(id)/billing"
        case .account(let section): "/account" + Self.fragment(section)
        case .invitation(let token): "/invitations/" + Self.segment(token)
        case .verifyEmail(let token): "/verify-email/" + Self.segment(token)
        case .resetPassword(let token): "/reset-password" + (token.map { "/" + Self.segment($0) } ?? "")
        }
    }

    /// The absolute link, for emails and API answers.
    public func url(base: String) -> String {
        (base.hasSuffix("/") ? String(base.dropLast()) : base) + path
    }

    /// ASCII letters, digits, `-` and `_` (base64url tokens); anything else is percent-encoded.
    public static let urlSafe = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    static func segment(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: urlSafe) ?? "" }

    static func fragment(_ section: String?) -> String { section.map { "#" + segment($0) } ?? "" }
}
