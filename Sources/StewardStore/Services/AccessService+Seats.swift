import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Seats of a workspace's billing account.
extension AccessService {
    /// Seats of the workspace's billing account; visible to whoever may see usage or manage people.
    public func seats(_ id: WorkspaceID, by actor: UserID) async throws -> SeatCount {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        guard ctx.can(.viewUsage) || ctx.can(.manageMembers) else {
            throw DomainError.forbidden("Your role in this workspace does not show seats.")
        }
        return try await seats(billingAccount: ctx.workspace.billingAccountID?.uuid, fallbackWorkspace: id.uuid)
    }

    func seats(billingAccount: UUID?, fallbackWorkspace: UUID) async throws -> SeatCount {
        if let billingAccount {
            return try await SeatHolders.count(account: billingAccount, now: env.clock.now(), on: db)
        }
        let workspaces = [fallbackWorkspace]
        let memberships = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID ~~ workspaces)
            .filter(\.$removedAt == nil).all()
        let users = try await Load.users(Array(Set(memberships.map(\.userID))), on: db)
        let holders = memberships.compactMap { m -> SeatCount.Holder? in
            guard let role = WorkspaceRole(rawValue: m.role), let user = users[m.userID] else { return nil }
            return .init(person: m.userID.uuidString, email: user.email, role: role)
        }
        let now = env.clock.now()
        let invites = try await InviteRow.query(on: db).filter(\.$workspaceID ~~ workspaces)
            .filter(\.$state == EmailInviteState.pending.rawValue).filter(\.$expiresAt > now).all()
        return SeatCount.count(
            holders: holders,
            pendingInvites: invites.compactMap { row in
                WorkspaceRole(rawValue: row.role).map { .init(email: row.email, role: $0) }
            })
    }
}
