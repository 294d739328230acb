import FluentKit

struct AddPartnerProgram: AsyncMigration {
    var name: String { "0010_AddPartnerProgram" }
    func prepare(on database: Database) async throws {
        // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
        let added: [(String, FieldKey, DatabaseSchema.DataType)] = [
            ("orgs", "partner_set_by", .uuid), ("orgs", "partner_set_at", .datetime),
            ("workspaces", "client_org_name", .string), ("workspaces", "data_owner_email", .string),
            ("workspaces", "agreement_accepted_at", .datetime), ("workspaces", "agreement_accepted_by", .uuid),
        ]
        for (table, field, type) in added {
            try await database.schema(table).field(field, type).update()
        }
        try await database.schema("workspace_logos").id()
            .field("workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("content_type", .string, .required)
            .field("data", .data, .required)
            .field("uploaded_by", .uuid, .required)
            .field("uploaded_at", .datetime, .required)
            .unique(on: "workspace_id", name: "uq_workspace_logos_workspace")
            .create()
        try await database.schema("referral_deals").id()
            .field("partner_org_id", .uuid, .required, .references("orgs", "id", onDelete: .cascade))
            .field("client_workspace_id", .uuid, .required, .references("workspaces", "id", onDelete: .cascade))
            .field("kickback_percent", .double, .required)
            .field("discount_percent", .double, .required)
            .field("kickback_cap_eur", .double)
            .field("starts_at", .datetime, .required)
            .field("expires_at", .datetime)
            .field("notes", .string, .required)
            .field("created_by", .uuid, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }
    func revert(on database: Database) async throws {
        try await database.schema("referral_deals").delete()
        try await database.schema("workspace_logos").delete()
        for field in ["agreement_accepted_by", "agreement_accepted_at", "data_owner_email", "client_org_name"] {
            try await database.schema("workspaces").deleteField(.string(field)).update()
        }
        for field in ["partner_set_at", "partner_set_by"] {
            try await database.schema("orgs").deleteField(.string(field)).update()
        }
    }
}
