import FluentKit

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
