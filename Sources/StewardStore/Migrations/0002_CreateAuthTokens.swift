import FluentKit

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
