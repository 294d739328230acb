import FluentKit
import FluentSQL
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
        let counts = try await UsageQueries.counts(in: id.uuid, account: ctx.workspace.billingAccountID?.uuid, on: db)
        var byRole: [WorkspaceRole: Int] = [:]
        for role in WorkspaceRole.allCases { if let n = counts[role.rawValue], n > 0 { byRole[role] = n } }
        // A workspace without an account of its own (never created so today) counts its own people.
        let seats = counts["seats"] ?? WorkspaceRole.allCases.filter(\.takesSeat).reduce(0) { $0 + (byRole[$1] ?? 0) }
        return Usage(
            seatsUsed: seats, observers: byRole[.observer] ?? 0, byRole: byRole, projects: counts["projects"] ?? 0,
            conversations: counts["conversations"] ?? 0, tier: ctx.tier)
    }
}
