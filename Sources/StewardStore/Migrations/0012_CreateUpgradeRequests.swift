import FluentKit

struct CreateUpgradeRequests: AsyncMigration {
    var name: String { "0012_CreateUpgradeRequests" }
    func prepare(on database: Database) async throws {
        try await database.schema("upgrade_requests").id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("billing_account_id", .uuid, .required, .references("billing_accounts", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("requested_tier", .string)
            .field("workspace_name", .string)
            .field("message", .string, .required)
            .field("requested_by", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("created_workspace_id", .uuid)
            .field("created_at", .datetime, .required)
            .create()
    }
    func revert(on database: Database) async throws { try await database.schema("upgrade_requests").delete() }
}
