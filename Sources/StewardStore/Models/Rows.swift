import FluentKit
import Foundation

// Fluent rows. They never leave this module: services map them to StewardCore values.
// `@unchecked Sendable` is Fluent's documented pattern for model classes.

final class UserRow: Model, @unchecked Sendable {
    static let schema = "users"
    @ID var id: UUID?
    /// Canonical (trimmed, lower-cased) address; unique index.
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_staff") var isStaff: Bool
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class AuthTokenRow: Model, @unchecked Sendable {
    static let schema = "auth_tokens"
    @ID var id: UUID?
    @Field(key: "user_id") var userID: UUID
    /// SHA-256 of the token; the token itself is never stored.
    @Field(key: "token_hash") var tokenHash: String
    /// "api" (bearer) or "session" (web cookie).
    @Field(key: "kind") var kind: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    init() {}
}

final class OrgRow: Model, @unchecked Sendable {
    static let schema = "orgs"
    @ID var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "is_partner") var isPartner: Bool
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class OrgMemberRow: Model, @unchecked Sendable {
    static let schema = "org_memberships"
    @ID var id: UUID?
    @Field(key: "org_id") var orgID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: String
    /// Set when removed; the row stays so a later add reads as "reactivated".
    @OptionalField(key: "removed_at") var removedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class BillingAccountRow: Model, @unchecked Sendable {
    static let schema = "billing_accounts"
    @ID var id: UUID?
    /// "org" (the pooled account of an organisation) or "workspace" (an external-client's own).
    @Field(key: "scope") var scope: String
    @Field(key: "org_id") var orgID: UUID
    @OptionalField(key: "workspace_id") var workspaceID: UUID?
    @Field(key: "tier") var tier: String
    @Field(key: "period") var period: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class WorkspaceRow: Model, @unchecked Sendable {
    static let schema = "workspaces"
    @ID var id: UUID?
    @Field(key: "org_id") var orgID: UUID
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: String
    @Field(key: "visibility") var visibility: String
    @OptionalField(key: "billing_account_id") var billingAccountID: UUID?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class WorkspaceMemberRow: Model, @unchecked Sendable {
    static let schema = "workspace_memberships"
    @ID var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: String
    /// Set when removed: the row stays as the sticky-removal marker (NOTES §6) and for reactivation.
    @OptionalField(key: "removed_at") var removedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class ProjectRow: Model, @unchecked Sendable {
    static let schema = "projects"
    @ID var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class ConversationRow: Model, @unchecked Sendable {
    static let schema = "conversations"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "participant_name") var participantName: String
    @Field(key: "text") var text: String
    /// "host" (recorded by a workspace member) or "portal" (submitted by a participant).
    @Field(key: "source") var source: String
    @OptionalField(key: "recorded_by") var recordedBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class ReportRow: Model, @unchecked Sendable {
    static let schema = "reports"
    @ID var id: UUID?
    @Field(key: "project_id") var projectID: UUID
    @Field(key: "status") var status: String
    /// ReportContent as JSON text, the same on SQLite and PostgreSQL.
    @Field(key: "content") var content: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    init() {}
}

final class AuditEventRow: Model, @unchecked Sendable {
    static let schema = "audit_events"
    /// A database sequence: the log's order even when events share a timestamp, and its cursor.
    @ID(custom: "id", generatedBy: .database) var id: Int?
    @OptionalField(key: "org_id") var orgID: UUID?
    @OptionalField(key: "workspace_id") var workspaceID: UUID?
    @OptionalField(key: "actor_id") var actorID: UUID?
    @Field(key: "action") var action: String
    @Field(key: "target_type") var targetType: String
    @OptionalField(key: "target_id") var targetID: String?
    @OptionalField(key: "target_label") var targetLabel: String?
    @OptionalField(key: "before") var before: String?
    @OptionalField(key: "after") var after: String?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class RateLimitRow: Model, @unchecked Sendable {
    static let schema = "rate_limits"
    @ID var id: UUID?
    @Field(key: "key") var key: String
    @Field(key: "window_start") var windowStart: Date
    @Field(key: "count") var count: Int
    init() {}
}
