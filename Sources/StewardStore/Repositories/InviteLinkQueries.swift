import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Invite links as the workspace's managers list them.
enum InviteLinkQueries {
    /// A page of the workspace's links not revoked, newest first; expired and used-up ones included.
    static func unrevokedLinks(in workspace: UUID, page: PageQuery, on db: any Database) async throws
        -> [InviteLinkRow]
    {
        try await InviteLinkRow.query(on: db).filter(\.$workspaceID == workspace).filter(\.$revokedAt == nil)
            .page(page, by: "created_at").all()
    }
}
