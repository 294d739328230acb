import StewardCore
import Vapor

/// How a route names its place: an organisation by `:orgId`, a workspace by `:id`. The members
/// routes are registered once per case, so both places share one set of handlers.
enum PlaceParameter: CaseIterable {
    case org
    case workspace

    /// `/api/v1/orgs/:orgId/…` and `/api/v1/workspaces/:id/…`.
    var apiPrefix: [PathComponent] {
        switch self {
        case .org: ["orgs", ":orgId"]
        case .workspace: ["workspaces", ":id"]
        }
    }

    /// `/orgs/:orgId` and `/w/:id`: where the place's pages live.
    var pagePrefix: String {
        switch self {
        case .org: "/orgs/:orgId"
        case .workspace: "/w/:id"
        }
    }

    /// The members page, adding people, and one member's role change and removal.
    var membersPage: SiteRoute { SiteRoute(.GET, pagePrefix + "/members") }
    var addMembers: SiteRoute { SiteRoute(.POST, pagePrefix + "/members") }
    var changeRole: SiteRoute { SiteRoute(.POST, pagePrefix + "/members/:userId/role") }
    var removeMember: SiteRoute { SiteRoute(.POST, pagePrefix + "/members/:userId/remove") }
    var memberRoutes: [SiteRoute] { [membersPage, addMembers, changeRole, removeMember] }

    init(_ place: Place) {
        switch place {
        case .org: self = .org
        case .workspace: self = .workspace
        }
    }

    func place(in req: Request) throws -> Place {
        switch self {
        case .org: .org(try req.id("orgId", "That organisation"))
        case .workspace: .workspace(try req.id("id", "That workspace"))
        }
    }
}
