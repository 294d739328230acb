import FluentKit
import FluentSQL

/// Accounts you can trust (NOTES §12): proven addresses, single-use account links, named and
/// tracked tokens, two-factor with recovery codes, known devices, and the organisation's
/// two-factor requirement.
struct AddAccountSecurity: AsyncMigration {
    var name: String { "0017_AddAccountSecurity" }

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        // SQLite adds one column per ALTER TABLE, so each field is its own update.
        for field in ["email_verified_at", "totp_enabled_at"] {
            try await database.schema("users").field(.string(field), .datetime).update()
        }
        for field in ["totp_secret", "totp_pending_secret"] {
            try await database.schema("users").field(.string(field), .string).update()
        }
        // The last TOTP time step accepted: a code works once (RFC 6238 §5.2).
        try await database.schema("users").field("totp_last_step", .int64).update()
        for field in ["name", "device"] {
            try await database.schema("auth_tokens").field(.string(field), .string).update()
        }
        try await database.schema("auth_tokens").field("last_used_at", .datetime).update()
        try await sql.raw("UPDATE auth_tokens SET last_used_at = created_at").run()
        try await database.schema("orgs")
            .field(
                .definition(
                    name: .key("requires_two_factor"), dataType: .bool, constraints: [.required, .sql(.default(false))])
            )
            .update()

        try await database.schema("account_tokens").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("token_hash", .string, .required)
            // The address a verify_email token proves (a new address waits here until verified).
            .field("email", .string)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash", name: "uq_account_tokens_hash")
            .create()
        try await sql.create(index: "ix_account_tokens_user").on("account_tokens").column("user_id").column("kind")
            .run()

        try await database.schema("recovery_codes").id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .unique(on: "user_id", "code_hash", name: "uq_recovery_codes_user_code")
            .create()

        try await database.schema("known_devices")
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("device_hash", .string, .required)
            .field("first_seen_at", .datetime, .required)
            .unique(on: "user_id", "device_hash", name: "uq_known_devices_user_device")
            .create()

        try await Self.markAcceptedInvitesVerified(on: database)
    }

    /// Only an accepted emailed invite ever proved an existing address (NOTES §12).
    static func markAcceptedInvitesVerified(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw(
            """
            UPDATE users SET email_verified_at =
              (SELECT MIN(i.resolved_at) FROM invites i
               WHERE i.accepted_by = users.id AND i.state = 'accepted' AND i.email = users.email)
            WHERE EXISTS (SELECT 1 FROM invites i
               WHERE i.accepted_by = users.id AND i.state = 'accepted' AND i.email = users.email)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("known_devices").delete()
        try await database.schema("recovery_codes").delete()
        try await database.schema("account_tokens").delete()
        try await database.schema("orgs").deleteField("requires_two_factor").update()
        for field in ["name", "device", "last_used_at"] {
            try await database.schema("auth_tokens").deleteField(.string(field)).update()
        }
        for field in ["email_verified_at", "totp_enabled_at", "totp_secret", "totp_pending_secret", "totp_last_step"] {
            try await database.schema("users").deleteField(.string(field)).update()
        }
    }
}
