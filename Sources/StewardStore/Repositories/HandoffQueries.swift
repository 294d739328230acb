import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// What a handoff reads and rewrites when an external-client workspace moves to its client.
enum HandoffQueries {

    /// The workspace's own billing account goes with it to the organisation.
    static func moveBillingAccount(_ account: UUID, to org: UUID, on db: any Database) async throws {
        try await BillingAccountRow.query(on: db).filter(\.$id == account).set(\.$orgID, to: org).update()
    }

    static func pendingInvites(to workspace: UUID, on db: any Database) async throws -> [InviteRow] {
        try await InviteRow.query(on: db).filter(\.$workspaceID == workspace)
            .filter(\.$state == EmailInviteState.pending.rawValue).all()
    }

    static func revokeLinks(to workspace: UUID, at now: Date, on db: any Database) async throws {
        try await InviteLinkRow.query(on: db).filter(\.$workspaceID == workspace).filter(\.$revokedAt == nil)
            .set(\.$revokedAt, to: now).update()
    }

    /// Pending access requests to the workspace lapse, filed under the organisation it moves to.
    static func lapsePendingRequests(to workspace: UUID, movingTo org: UUID, on db: any Database) async throws {
        try await AccessRequestRow.query(on: db).filter(\.$workspaceID == workspace).filter(\.$status == "pending")
            .set(\.$status, to: "lapsed").set(\.$pendingKey, to: nil).set(\.$orgID, to: org).update()
    }

    static func endWorkspaceMembership(_ workspace: UUID, user: UUID, at now: Date, on db: any Database)
        async throws
    {
        try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace)
            .filter(\.$userID == user).set(\.$removedAt, to: now).update()
    }

    static func setWorkspaceRole(_ role: WorkspaceRole, workspace: UUID, user: UUID, on db: any Database)
        async throws
    {
        try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace)
            .filter(\.$userID == user).set(\.$role, to: role.rawValue).update()
    }
}
