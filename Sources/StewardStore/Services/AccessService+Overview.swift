import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The org owners' and admins' matrix (NOTES §6): members, workspaces, access requests and
/// pending invites, with private workspaces left out for whoever cannot carve into them.
extension AccessService {
    // MARK: The org matrix

    public func overview(_ id: OrgID, by actor: UserID) async throws -> OrgOverview {
        let ctx = try await Load.orgContext(id, user: actor, on: db)
        try Access.require(ctx.role, .viewOverview)
        let mine = Set(try await OverviewQueries.joinedWorkspaces(of: actor.uuid, on: db))
        let workspaces = try await OverviewQueries.workspacesByName(of: id.uuid, on: db).filter {
            DiscoveryRule.orgViewShows(
                Visibility(rawValue: $0.visibility) ?? .private, orgRole: ctx.role, isMember: mine.contains($0.id!))
        }
        let byID = Dictionary(uniqueKeysWithValues: workspaces.map { ($0.id!, $0.value) })
        let orgRows = try await MembershipQueries.activeOrgMemberships(of: id.uuid, on: db)
        let wsRows = try await OverviewQueries.activeMemberships(ofWorkspaces: Array(byID.keys), on: db)
        let people = Set(orgRows.map(\.userID)).union(wsRows.map(\.userID))
        let users = try await Load.users(Array(people), on: db)
        let orgRoles = Dictionary(
            orgRows.map { ($0.userID, OrgRole(rawValue: $0.role)) }, uniquingKeysWith: { a, _ in a })
        let members = people.compactMap { person -> OrgOverview.Member? in
            guard let user = users[person] else { return nil }
            let roles = wsRows.filter { $0.userID == person }.compactMap { row -> (Workspace, WorkspaceRole)? in
                guard let ws = byID[row.workspaceID], let role = WorkspaceRole(rawValue: row.role) else { return nil }
                return (ws, role)
            }.sorted { $0.0.name < $1.0.name }
            return OrgOverview.Member(user: user, role: orgRoles[person] ?? nil, workspaceRoles: roles)
        }.sorted { ($0.role?.rank ?? -1, $1.user.name.lowercased()) > ($1.role?.rank ?? -1, $0.user.name.lowercased()) }
        let requestRows = try await OverviewQueries.pendingAccessRequests(in: id.uuid, on: db).filter {
            byID[$0.workspaceID] != nil
        }
        var requests: [AccessRequest] = []
        for row in requestRows {
            requests.append(try await value(row, workspaceName: byID[row.workspaceID]?.name ?? ""))
        }
        let invites = try await InviteService(db: db, env: env).pendingEverywhere(inOrg: id).filter {
            $0.workspaceID.map { byID[$0.uuid] != nil } ?? true
        }
        return OrgOverview(
            members: members, workspaces: workspaces.map(\.value), accessRequests: requests, pendingInvites: invites)
    }
}
