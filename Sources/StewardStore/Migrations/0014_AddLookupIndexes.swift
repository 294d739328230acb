import FluentKit
import FluentSQL

/// A secondary index for every lookup the services make that no unique index already serves.
/// Indexes are not part of Fluent's schema builder, so they go through SQLKit's index builder,
/// which speaks both SQLite and PostgreSQL.
struct AddLookupIndexes: AsyncMigration {
    var name: String { "0014_AddLookupIndexes" }

    static let indexes: [(name: String, table: String, columns: [String])] = [
        ("ix_auth_tokens_user", "auth_tokens", ["user_id"]),
        ("ix_org_memberships_user", "org_memberships", ["user_id", "org_id"]),
        // The org admins and owners who oversee a workspace, without reading every org member.
        ("ix_org_memberships_role", "org_memberships", ["org_id", "role"]),
        ("ix_workspace_memberships_user", "workspace_memberships", ["user_id", "workspace_id"]),
        ("ix_workspaces_org", "workspaces", ["org_id", "name"]),
        ("ix_workspaces_billing_account", "workspaces", ["billing_account_id"]),
        ("ix_billing_accounts_org", "billing_accounts", ["org_id", "scope"]),
        ("ix_projects_workspace", "projects", ["workspace_id", "created_at"]),
        ("ix_conversations_project", "conversations", ["project_id", "created_at"]),
        ("ix_reports_project", "reports", ["project_id", "created_at"]),
        ("ix_audit_events_workspace", "audit_events", ["workspace_id", "id"]),
        ("ix_audit_events_org", "audit_events", ["org_id", "id"]),
        ("ix_outbox_due", "outbox", ["status", "next_attempt_at"]),
        ("ix_seat_periods_workspace_user", "seat_periods", ["workspace_id", "user_id"]),
        ("ix_invites_workspace", "invites", ["workspace_id", "state"]),
        ("ix_invites_org", "invites", ["org_id", "scope", "state"]),
        ("ix_invites_email", "invites", ["email", "state"]),
        ("ix_invite_links_workspace", "invite_links", ["workspace_id"]),
        ("ix_access_requests_workspace", "access_requests", ["workspace_id", "status"]),
        ("ix_access_requests_org", "access_requests", ["org_id", "status"]),
        ("ix_access_requests_user", "access_requests", ["user_id", "status"]),
        ("ix_upgrade_requests_org", "upgrade_requests", ["org_id", "status"]),
        ("ix_upgrade_requests_requester", "upgrade_requests", ["requested_by"]),
        ("ix_referral_deals_partner", "referral_deals", ["partner_org_id"]),
        ("ix_referral_deals_client", "referral_deals", ["client_workspace_id"]),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes {
            var builder = sql.create(index: index.name).on(index.table)
            for column in index.columns { builder = builder.column(column) }
            try await builder.run()
        }
        // A person's workspaces are listed by name within each organisation (an expression index;
        // the same statement on both databases).
        try await sql.raw("CREATE INDEX ix_workspaces_org_lname ON workspaces (org_id, LOWER(name), id)").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "ix_workspaces_org_lname").run()
        for index in Self.indexes.reversed() {
            try await sql.drop(index: index.name).run()
        }
    }
}
