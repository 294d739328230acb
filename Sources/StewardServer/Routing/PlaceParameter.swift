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

    /// `/orgs/:orgId/…` and `/w/:id/…`.
    var pagePrefix: [PathComponent] {
        switch self {
        case .org: ["orgs", ":orgId"]
        case .workspace: ["w", ":id"]
        }
    }

    func place(in req: Request) throws -> Place {
        switch self {
        case .org: .org(try req.id("orgId", "That organisation"))
        case .workspace: .workspace(try req.id("id", "That workspace"))
        }
    }
}
