import FluentKit

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
