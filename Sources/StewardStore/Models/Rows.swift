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
    @OptionalField(key: "email_verified_at") var emailVerifiedAt: Date?
    /// The confirmed TOTP secret (base32) and when it was turned on.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    /// A secret being enrolled, until a code from it is confirmed.
    @OptionalField(key: "totp_pending_secret") var totpPendingSecret: String?
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
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
    /// The name a person gave an API token; nil for sessions and sign-in tokens.
    @OptionalField(key: "name") var name: String?
    /// What signed in ("Firefox on Linux"), for the sessions list.
    @OptionalField(key: "device") var device: String?
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    init() {}
}

/// A single-use link or challenge (`AccountTokenKind`), stored as a digest.
final class AccountTokenRow: Model, @unchecked Sendable {
    static let schema = "account_tokens"
    @ID var id: UUID?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "email") var email: String?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
}

final class RecoveryCodeRow: Model, @unchecked Sendable {
    static let schema = "recovery_codes"
    @ID var id: UUID?
    @Field(key: "user_id") var userID: UUID
    /// SHA-256 of the normalised code.
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?
    init() {}
}

final class OrgRow: Model, @unchecked Sendable {
    static let schema = "orgs"
    @ID var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "is_partner") var isPartner: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "requires_two_factor") var requiresTwoFactor: Bool
    /// Who set or cleared the partner flag last, and when (staff only).
    @OptionalField(key: "partner_set_by") var partnerSetBy: UUID?
    @OptionalField(key: "partner_set_at") var partnerSetAt: Date?
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
    // The data-owner step of an external-client workspace.
    @OptionalField(key: "client_org_name") var clientOrgName: String?
    @OptionalField(key: "data_owner_email") var dataOwnerEmail: String?
    @OptionalField(key: "agreement_accepted_at") var agreementAcceptedAt: Date?
    @OptionalField(key: "agreement_accepted_by") var agreementAcceptedBy: UUID?
    init() {}
}

final class WorkspaceLogoRow: Model, @unchecked Sendable {
    static let schema = "workspace_logos"
    @ID var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "content_type") var contentType: String
    /// In the database, not on one process's disk, so every process can serve it.
    @Field(key: "data") var data: Data
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Field(key: "uploaded_at") var uploadedAt: Date
    init() {}
}

final class ReferralDealRow: Model, @unchecked Sendable {
    static let schema = "referral_deals"
    @ID var id: UUID?
    @Field(key: "partner_org_id") var partnerOrgID: UUID
    @Field(key: "client_workspace_id") var clientWorkspaceID: UUID
    @Field(key: "kickback_percent") var kickbackPercent: Double
    @Field(key: "discount_percent") var discountPercent: Double
    @OptionalField(key: "kickback_cap_eur") var kickbackCapEur: Double?
    @Field(key: "starts_at") var startsAt: Date
    @OptionalField(key: "expires_at") var expiresAt: Date?
    @Field(key: "notes") var notes: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date
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

/// One stretch of a person holding a role in a workspace: the history statements are metered from.
final class SeatPeriodRow: Model, @unchecked Sendable {
    static let schema = "seat_periods"
    @ID var id: UUID?
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "role") var role: String
    @Field(key: "started_at") var startedAt: Date
    @OptionalField(key: "ended_at") var endedAt: Date?
    init() {}
}

/// A member's request for a higher tier or a new workspace, decided by the account's managers.
final class UpgradeRequestRow: Model, @unchecked Sendable {
    static let schema = "upgrade_requests"
    @ID var id: UUID?
    @Field(key: "org_id") var orgID: UUID
    @Field(key: "billing_account_id") var billingAccountID: UUID
    /// "tier" or "workspace".
    @Field(key: "kind") var kind: String
    @OptionalField(key: "requested_tier") var requestedTier: String?
    @OptionalField(key: "workspace_name") var workspaceName: String?
    @Field(key: "message") var message: String
    @Field(key: "requested_by") var requestedBy: UUID
    /// pending, approved, denied.
    @Field(key: "status") var status: String
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @OptionalField(key: "created_workspace_id") var createdWorkspaceID: UUID?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// An organisation's own logo: the branding its internal workspaces inherit.
final class OrgLogoRow: Model, @unchecked Sendable {
    static let schema = "org_logos"
    @ID var id: UUID?
    @Field(key: "org_id") var orgID: UUID
    @Field(key: "content_type") var contentType: String
    @Field(key: "data") var data: Data
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Field(key: "uploaded_at") var uploadedAt: Date
    init() {}
}
