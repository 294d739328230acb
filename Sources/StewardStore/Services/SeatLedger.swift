import FluentKit
import Foundation
import StewardCore

/// Keeps the membership history that statements are metered from. Every path that changes who
/// holds which role in a workspace calls `changed`, inside its own transaction.
struct SeatLedger {
    let db: any Database
    let now: Date

    /// Ends the person's current stretch in the workspace and, when they still hold a role,
    /// starts a new one with it.
    func changed(workspace: UUID, user: UUID, to role: WorkspaceRole?) async throws {
        let open = try await SeatPeriodRow.query(on: db).filter(\.$workspaceID == workspace).filter(\.$userID == user)
            .filter(\.$endedAt == nil).all()
        if let role, open.count == 1, open[0].role == role.rawValue { return }
        for period in open {
            period.endedAt = now
            try await period.save(on: db)
        }
        guard let role else { return }
        let period = SeatPeriodRow()
        period.workspaceID = workspace
        period.userID = user
        period.role = role.rawValue
        period.startedAt = now
        try await period.create(on: db)
    }

    /// The history of every workspace on a billing account.
    static func periods(account: UUID, on db: any Database) async throws -> [SeatPeriod] {
        let workspaces = try await WorkspaceRow.query(on: db).filter(\.$billingAccountID == account).all().compactMap(
            \.id)
        guard !workspaces.isEmpty else { return [] }
        return try await SeatPeriodRow.query(on: db).filter(\.$workspaceID ~~ workspaces).all().compactMap { row in
            WorkspaceRole(rawValue: row.role).map {
                SeatPeriod(person: row.userID.uuidString, role: $0, start: row.startedAt, end: row.endedAt)
            }
        }
    }
}
