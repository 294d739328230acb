import FluentKit

struct CreateAccessRequests: AsyncMigration {
    var name: String { "0008_CreateAccessRequests" }
    func prepare(on database: Database) async throws {
        try await database.schema("access_requests").id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("message", .string, .required)
            .field("status", .string, .required)
            .field("pending_key", .string)
            .field("role", .string)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "pending_key", name: "uq_access_requests_pending")
            .create()
    }
    func revert(on database: Database) async throws { try await database.schema("access_requests").delete() }
}
