import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// What the org matrix reads: an organisation's workspaces, who is in them, and the access
/// requests waiting on them.
enum OverviewQueries {
    /// The workspaces the person is an active member of, in any organisation.
    static func joinedWorkspaces(of user: UUID, on db: any Database) async throws -> [UUID] {
        try await WorkspaceMemberRow.query(on: db).filter(\.$userID == user).filter(\.$removedAt == nil)
            .all().map(\.workspaceID)
    }

    static func workspacesByName(of org: UUID, on db: any Database) async throws -> [WorkspaceRow] {
        try await WorkspaceRow.query(on: db).filter(\.$orgID == org).sort(\.$name).all()
    }

    /// The current memberships of these workspaces, whatever their role; no statement for none.
    static func activeMemberships(ofWorkspaces ids: [UUID], on db: any Database) async throws
        -> [WorkspaceMemberRow]
    {
        guard !ids.isEmpty else { return [] }
        return try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID ~~ ids)
            .filter(\.$removedAt == nil).all()
    }

    /// The organisation's access requests waiting for a decision, oldest first.
    static func pendingAccessRequests(in org: UUID, on db: any Database) async throws -> [AccessRequestRow] {
        try await AccessRequestRow.query(on: db).filter(\.$orgID == org)
            .filter(\.$status == "pending").sort(\.$createdAt).all()
    }
}
