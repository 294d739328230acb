import FluentKit

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
