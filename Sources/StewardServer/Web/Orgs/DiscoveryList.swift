import Foundation
import StewardCore
import StewardStore
import Vapor

/// What an organisation page lists: the workspaces this person may know about (NOTES §6).
enum DiscoveryList {
    /// The organisation page's workspace list: everything this person may know about, with what
    /// they can do about each (NOTES §6).
    static func items(_ req: Request, org: OrgID) async throws -> ListPage<DiscoveryItemVM> {
        try await req.services.access.discover(in: org, page: try req.webPage(), by: try req.userID).map { item in
            DiscoveryItemVM(
                name: item.workspace.name, path: Paths.workspace(item.workspace.id),
                role: item.role.map { RoleBadgeVM($0, source: item.access ?? .membership) },
                visibility: item.workspace.visibility.displayName,
                kind: item.workspace.kind == .externalClient ? "External client" : "Internal",
                isMember: item.status == .member, canJoin: item.status == .canJoin,
                canRequest: item.status == .canRequest, requested: item.status == .requested,
                joinPath: Paths.workspaceJoin(item.workspace.id),
                requestPath: Paths.workspaceAccessRequests(item.workspace.id), back: Paths.org(org))
        }
    }
}
