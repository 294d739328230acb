import Foundation
import StewardCore

/// Every page path, built in one place so links and redirects cannot drift from the routes.
enum Paths {
    static let home = "/"
    static let workspaces = "/workspaces"
    static let register = "/register"
    static let logout = "/logout"
    static let orgsNew = "/orgs/new"

    static func login(next: String? = nil) -> String {
        guard let next, next != "/", next.hasPrefix("/"), !next.hasPrefix("//") else { return "/login" }
        return "/login?next=" + (next.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    static func org(_ id: OrgID) -> String { "/orgs/\(id)" }
    static func orgMembers(_ id: OrgID) -> String { "/orgs/\(id)/members" }
    static func orgAudit(_ id: OrgID) -> String { "/orgs/\(id)/audit" }
    static func workspace(_ id: WorkspaceID) -> String { "/w/\(id)" }
    static func workspaceMembers(_ id: WorkspaceID) -> String { "/w/\(id)/members" }
    static func workspaceSettings(_ id: WorkspaceID) -> String { "/w/\(id)/settings" }
    static func workspaceAudit(_ id: WorkspaceID) -> String { "/w/\(id)/audit" }
    static func project(_ id: ProjectID) -> String { "/projects/\(id)" }
    static func projectEdit(_ id: ProjectID) -> String { "/projects/\(id)/edit" }
    static func conversation(_ id: ConversationID) -> String { "/conversations/\(id)" }
    static func report(_ id: ReportID) -> String { "/reports/\(id)" }

    /// Only same-site relative paths are followed after sign-in.
    static func safeNext(_ raw: String?) -> String {
        guard let raw, raw.hasPrefix("/"), !raw.hasPrefix("//"), !raw.contains("\\") else { return workspaces }
        return raw
    }
}
