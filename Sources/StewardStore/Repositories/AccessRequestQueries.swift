import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Access requests as stored: the one pending request per person and workspace, the queue a
/// workspace's managers work through, and the guarded write that decides one.
enum AccessRequestQueries {
    /// Unique while a request is pending, so a person has at most one per workspace.
    static func pendingKey(workspace: WorkspaceID, user: UserID) -> String { "\(workspace):\(user)" }

    static func pendingRequest(workspace: WorkspaceID, user: UserID, on db: any Database) async throws
        -> AccessRequestRow?
    {
        let key = pendingKey(workspace: workspace, user: user)
        return try await AccessRequestRow.query(on: db).filter(\.$pendingKey == key).first()
    }

    /// A page of the workspace's pending requests, oldest first, each with its requester joined.
    static func pendingRequests(in workspace: UUID, page: PageQuery, on db: any Database) async throws
        -> [AccessRequestRow]
    {
        try await AccessRequestRow.query(on: db)
            .join(UserRow.self, on: \AccessRequestRow.$userID == \UserRow.$id)
            .filter(\.$workspaceID == workspace).filter(\.$status == "pending")
            .page(page, by: "created_at", descending: false).all()
    }

    /// Marks the request decided if it is still pending; false when another decision got there first.
    static func markDecided(
        _ id: UUID, status: String, role: String?, by actor: UUID, at now: Date, on db: any Database
    ) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let decided = try await sql.raw(
            """
            UPDATE access_requests SET status = \(bind: status), pending_key = NULL, role = \(bind: role),
              decided_by = \(bind: actor), decided_at = \(bind: now)
            WHERE id = \(bind: id) AND status = 'pending' RETURNING id
            """
        ).all()
        return !decided.isEmpty
    }
}
