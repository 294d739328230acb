import FluentKit
import Foundation

struct CreateSeatPeriods: AsyncMigration {
    var name: String { "0011_CreateSeatPeriods" }
    func prepare(on database: Database) async throws {
        try await database.schema("seat_periods").id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("started_at", .datetime, .required)
            .field("ended_at", .datetime)
            .create()
        // Memberships that existed before metering start their history at their creation.
        for membership in try await WorkspaceMemberRow.query(on: database).filter(\.$removedAt == nil).all() {
            let period = SeatPeriodRow()
            period.workspaceID = membership.workspaceID
            period.userID = membership.userID
            period.role = membership.role
            period.startedAt = membership.createdAt
            try await period.create(on: database)
        }
    }
    func revert(on database: Database) async throws { try await database.schema("seat_periods").delete() }
}
