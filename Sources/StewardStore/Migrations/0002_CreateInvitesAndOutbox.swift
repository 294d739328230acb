import FluentKit

struct CreateInvites: AsyncMigration {
    var name: String { "0007_CreateInvites" }
    func prepare(on database: Database) async throws {
        try await database.schema("invites").id()
            .field("scope", .string, .required)
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("workspace_id", .uuid, .references("workspaces", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("self_token_hash", .string)
            .field("state", .string, .required)
            .field("pending_key", .string)
            .field("invited_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("resolved_at", .datetime)
            .field("accepted_by", .uuid)
            .field("purpose", .string)
            .unique(on: "token_hash", name: "uq_invites_token")
            .unique(on: "self_token_hash", name: "uq_invites_self_token")
            .unique(on: "pending_key", name: "uq_invites_pending")
            .create()
        try await database.schema("invite_links").id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("max_uses", .int)
            .field("uses", .int, .required)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash", name: "uq_invite_links_token")
            .create()
        try await database.schema("invite_link_uses").id()
            .field("link_id", .uuid, .required, .references("invite_links", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("sequence", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "link_id", "sequence", name: "uq_invite_link_uses_sequence")
            .unique(on: "link_id", "user_id", name: "uq_invite_link_uses_user")
            .create()
    }
    func revert(on database: Database) async throws {
        try await database.schema("invite_link_uses").delete()
        try await database.schema("invite_links").delete()
        try await database.schema("invites").delete()
    }
}

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

struct CreateOutbox: AsyncMigration {
    var name: String { "0009_CreateOutbox" }
    func prepare(on database: Database) async throws {
        try await database.schema("outbox").id()
            .field("to_address", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("kind", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("locked_by", .string)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .create()
    }
    func revert(on database: Database) async throws { try await database.schema("outbox").delete() }
}
