import FluentKit
import FluentSQL
import StewardCore

/// Seat holders per billing account with their counters (see `SeatHolders`), and the billing
/// account on each workspace invite so an account's reserved seats are one indexed lookup.
struct AddSeatHolders: AsyncMigration {
    var name: String { "0015_AddSeatHolders" }

    func prepare(on database: any Database) async throws {
        try await database.schema("seat_holders")
            .field("billing_account_id", .uuid, .required, .references("billing_accounts", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("rank", .int, .required)
            .unique(on: "billing_account_id", "user_id", name: "uq_seat_holders_account_user")
            .create()
        for role in WorkspaceRole.allCases {
            try await database.schema("billing_accounts")
                .field(
                    .definition(
                        name: .key(.string(SeatHolders.counterColumn(role))), dataType: .int,
                        constraints: [
                            .required, .sql(.default(0)),
                        ])
                )
                .update()
        }
        try await database.schema("invites").field("billing_account_id", .uuid).update()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            UPDATE invites SET billing_account_id =
              (SELECT w.billing_account_id FROM workspaces w WHERE w.id = invites.workspace_id)
            WHERE workspace_id IS NOT NULL
            """
        ).run()
        try await sql.create(index: "ix_invites_billing_account").on("invites").column("billing_account_id")
            .column("state").run()
        try await SeatHolders.rebuild(on: database)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "ix_invites_billing_account").run()
        try await database.schema("invites").deleteField("billing_account_id").update()
        for role in WorkspaceRole.allCases {
            try await database.schema("billing_accounts").deleteField(.string(SeatHolders.counterColumn(role))).update()
        }
        try await database.schema("seat_holders").delete()
    }
}
