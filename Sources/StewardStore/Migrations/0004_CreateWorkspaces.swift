import FluentKit

struct CreateWorkspaces: AsyncMigration {
    var name: String { "0004_CreateWorkspaces" }
    func prepare(on database: Database) async throws {
        try await database.schema("billing_accounts").id()
            .field("scope", .string, .required)
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("workspace_id", .uuid)
            .field("tier", .string, .required)
            .field("period", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("workspaces").id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("visibility", .string, .required)
            .field("billing_account_id", .uuid, .references("billing_accounts", "id"))
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("workspace_memberships").id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("removed_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "workspace_id", "user_id", name: "uq_workspace_memberships_ws_user")
            .create()
    }
    func revert(on database: Database) async throws {
        try await database.schema("workspace_memberships").delete()
        try await database.schema("workspaces").delete()
        try await database.schema("billing_accounts").delete()
    }
}
