import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// What the partner rules read: the standing a person has in a partner organisation's workspaces.
enum PartnerQueries {
    /// The explicit workspace roles someone holds now in an organisation's workspaces: the
    /// organisation's workspaces first, then the person's memberships of them.
    static func workspaceRoles(of user: UUID, inWorkspacesOf org: UUID, on db: any Database) async throws
        -> [WorkspaceRole]
    {
        let ids = try await WorkspaceRow.query(on: db).filter(\.$orgID == org).all().compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        return try await WorkspaceMemberRow.query(on: db).filter(\.$userID == user).filter(\.$workspaceID ~~ ids)
            .filter(\.$removedAt == nil).all().compactMap { WorkspaceRole(rawValue: $0.role) }
    }
}
