import FluentKit
import Foundation
import StewardCore

/// Usage of a workspace's billing account (NOTES §7): seats, members by role, the work.
public struct Usage: Sendable {
    /// People holding a paid role in any workspace of the billing account, each counted once.
    public var seatsUsed: Int
    public var observers: Int
    /// Members of this workspace by role (explicit memberships only; oversight is free).
    public var byRole: [WorkspaceRole: Int]
    public var projects: Int
    public var conversations: Int
    public var tier: Tier
}

extension WorkspaceService {
    public func usage(_ id: WorkspaceID, by actor: UserID) async throws -> Usage {
        let ctx = try await context(id, user: actor)
        try ctx.require(.viewUsage)
        let sharing = try await WorkspaceRow.query(on: db)
            .filter(\.$billingAccountID == ctx.workspace.billingAccountID?.uuid).all().compactMap(\.id)
        let held = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID ~~ sharing)
            .filter(\.$removedAt == nil).all()
        let paidPeople = Set(held.filter { WorkspaceRole(rawValue: $0.role)?.takesSeat ?? false }.map(\.userID))
        let here = held.filter { $0.workspaceID == id.uuid }
        var byRole: [WorkspaceRole: Int] = [:]
        for row in here { if let role = WorkspaceRole(rawValue: row.role) { byRole[role, default: 0] += 1 } }
        let projectIDs = try await ProjectRow.query(on: db).filter(\.$workspaceID == id.uuid).all().compactMap(\.id)
        let conversations =
            projectIDs.isEmpty ? 0 : try await ConversationRow.query(on: db).filter(\.$projectID ~~ projectIDs).count()
        return Usage(
            seatsUsed: paidPeople.count, observers: byRole[.observer] ?? 0, byRole: byRole, projects: projectIDs.count,
            conversations: conversations, tier: ctx.tier)
    }
}
