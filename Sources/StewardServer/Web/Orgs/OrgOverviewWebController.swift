import Foundation
import StewardCore
import StewardStore
import Vapor

/// The organisation overview: one matrix of members, workspaces, access requests and pending
/// invites for its owners and admins (NOTES §6).
struct OrgOverviewWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.on(.orgOverview, use: overview)
    }

    func overview(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let userID = try req.userID
        let overview = try await req.services.access.overview(orgID, by: userID)
        let ctx = try await req.services.orgs.context(orgID, user: userID)
        let path = Paths.orgOverview(orgID)
        let names = Dictionary(uniqueKeysWithValues: overview.workspaces.map { ($0.id, $0.name) })
        // Org owners and admins decide requests as workspace admins would (AccessService.approve).
        let roles = InviteSections.approvableRoles(.admin)
        return try await req.page(
            "overview", title: "Overview of \(ctx.org.name)",
            OverviewVM(
                orgName: ctx.org.name, orgPath: Paths.org(orgID), membersPath: Paths.orgMembers(orgID),
                members: overview.members.map { m in
                    .init(
                        name: m.user.name, email: m.user.email, orgRole: m.role.map(RoleBadgeVM.init),
                        workspaces: m.workspaceRoles.map {
                            .init(
                                name: $0.workspace.name, path: Paths.workspace($0.workspace.id),
                                role: RoleBadgeVM($0.role))
                        })
                },
                workspaces: overview.workspaces.map {
                    .init(
                        name: $0.name, path: Paths.workspace($0.id), visibility: $0.visibility.displayName,
                        kind: $0.kind == .externalClient ? "External client" : "Internal")
                },
                requests: AccessRequestsVM(
                    csrf: req.csrfToken, back: path, showWorkspace: true,
                    rows: overview.accessRequests.map { AccessRequestRowVM($0, roles: roles) }),
                pending: PendingInvitesVM(
                    csrf: req.csrfToken, back: path, showPlace: true,
                    rows: overview.pendingInvites.map {
                        .init($0, place: $0.workspaceID.flatMap { names[$0] } ?? "Organisation")
                    }, seatNote: PendingInvitesVM.overviewSeatNote)))
    }
}
