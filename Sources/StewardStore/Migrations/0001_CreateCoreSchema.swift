import FluentKit

// Every migration names itself: Fluent's default name includes the module path, and a rename
// would otherwise re-run it.

struct CreateUsers: AsyncMigration {
    var name: String { "0001_CreateUsers" }
    func prepare(on database: Database) async throws {
        try await database.schema("users").id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_staff", .bool, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "email", name: "uq_users_email")
            .create()
    }
    func revert(on database: Database) async throws { try await database.schema("users").delete() }
}

struct CreateAuthTokens: AsyncMigration {
    var name: String { "0002_CreateAuthTokens" }
    func prepare(on database: Database) async throws {
        try await database.schema("auth_tokens").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash", name: "uq_auth_tokens_hash")
            .create()
    }
    func revert(on database: Database) async throws { try await database.schema("auth_tokens").delete() }
}

struct CreateOrgs: AsyncMigration {
    var name: String { "0003_CreateOrgs" }
    func prepare(on database: Database) async throws {
        try await database.schema("orgs").id()
            .field("name", .string, .required)
            .field("is_partner", .bool, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("org_memberships").id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("removed_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "org_id", "user_id", name: "uq_org_memberships_org_user")
            .create()
    }
    func revert(on database: Database) async throws {
        try await database.schema("org_memberships").delete()
        try await database.schema("orgs").delete()
    }
}

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

struct CreateWork: AsyncMigration {
    var name: String { "0005_CreateWork" }
    func prepare(on database: Database) async throws {
        try await database.schema("projects").id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("conversations").id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("participant_name", .string, .required)
            .field("text", .string, .required)
            .field("source", .string, .required)
            .field("recorded_by", .uuid)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("reports").id()
            .field("project_id", .uuid, .required, .references("projects", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("content", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
    }
    func revert(on database: Database) async throws {
        try await database.schema("reports").delete()
        try await database.schema("conversations").delete()
        try await database.schema("projects").delete()
    }
}

struct CreateAuditAndLimits: AsyncMigration {
    var name: String { "0006_CreateAuditAndLimits" }
    func prepare(on database: Database) async throws {
        // No foreign keys: the audit log outlives what it describes.
        try await database.schema("audit_events")
            .field("id", .int64, .identifier(auto: true))
            .field("org_id", .uuid)
            .field("workspace_id", .uuid)
            .field("actor_id", .uuid)
            .field("action", .string, .required)
            .field("target_type", .string, .required)
            .field("target_id", .string)
            .field("target_label", .string)
            .field("before", .string)
            .field("after", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("rate_limits").id()
            .field("key", .string, .required)
            .field("window_start", .datetime, .required)
            .field("count", .int, .required)
            .unique(on: "key", name: "uq_rate_limits_key")
            .create()
    }
    func revert(on database: Database) async throws {
        try await database.schema("rate_limits").delete()
        try await database.schema("audit_events").delete()
    }
}
