import FluentKit

/// Branded emails: the name an email is sent under and which stored logo it shows. The logo is
/// a reference (`LogoSource.key`), not a copy: the worker reads the image when it sends.
struct AddOutboxBranding: AsyncMigration {
    var name: String { "0018_AddOutboxBranding" }

    func prepare(on database: any Database) async throws {
        // SQLite adds one column per ALTER TABLE, so each field is its own update.
        for field in ["brand_name", "brand_logo"] {
            try await database.schema("outbox").field(.string(field), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for field in ["brand_logo", "brand_name"] {
            try await database.schema("outbox").deleteField(.string(field)).update()
        }
    }
}
