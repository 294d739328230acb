import FluentKit

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
