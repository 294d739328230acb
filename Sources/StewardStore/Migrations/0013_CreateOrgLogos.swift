import FluentKit

struct CreateOrgLogos: AsyncMigration {
    var name: String { "0013_CreateOrgLogos" }
    func prepare(on database: Database) async throws {
        try await database.schema("org_logos").id()
            .field("org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("content_type", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .uuid, .required)
            .field("uploaded_at", .datetime, .required)
            .unique(on: "org_id", name: "uq_org_logos_org")
            .create()
    }
    func revert(on database: Database) async throws { try await database.schema("org_logos").delete() }
}
