import FluentKit

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
