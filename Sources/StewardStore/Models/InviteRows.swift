import FluentKit
import Foundation

final class InviteRow: Model, @unchecked Sendable {
    static let schema = "invites"
    @ID var id: UUID?
    /// "workspace" or "org".
    @Field(key: "scope") var scope: String
    @Field(key: "org_id") var orgID: UUID
    @OptionalField(key: "workspace_id") var workspaceID: UUID?
    /// The workspace's billing account (denormalised: reserved seats are counted per account).
    @OptionalField(key: "billing_account_id") var billingAccountID: UUID?
    /// Canonical address the invite is bound to.
    @Field(key: "email") var email: String
    @Field(key: "role") var role: String
    /// SHA-256 of the emailed token.
    @Field(key: "token_hash") var tokenHash: String
    /// SHA-256 of the token last shown to the signed-in invitee (their own invites list).
    @OptionalField(key: "self_token_hash") var selfTokenHash: String?
    /// EmailInviteState.
    @Field(key: "state") var state: String
    /// "<scope target>:<email>" while pending, NULL after: a unique index keeps one pending
    /// invite per address and workspace (or organisation) on both databases.
    @OptionalField(key: "pending_key") var pendingKey: String?
    @Field(key: "invited_by") var invitedBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "resolved_at") var resolvedAt: Date?
    @OptionalField(key: "accepted_by") var acceptedBy: UUID?
    /// "data_owner" for the auto-invite of an external-client workspace's data owner.
    @OptionalField(key: "purpose") var purpose: String?
    init() {}
}

final class InviteLinkRow: Model, @unchecked Sendable {
    static let schema = "invite_links"
    @ID var id: UUID?
    @Field(key: "org_id") var orgID: UUID
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "role") var role: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_by") var createdBy: UUID
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "max_uses") var maxUses: Int?
    @Field(key: "uses") var uses: Int
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    init() {}
}

/// One join through a link. `sequence` is unique per link, so two simultaneous joins cannot
/// both take the last use.
final class InviteLinkUseRow: Model, @unchecked Sendable {
    static let schema = "invite_link_uses"
    @ID var id: UUID?
    @Field(key: "link_id") var linkID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "sequence") var sequence: Int
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

final class AccessRequestRow: Model, @unchecked Sendable {
    static let schema = "access_requests"
    @ID var id: UUID?
    @Field(key: "org_id") var orgID: UUID
    @Field(key: "workspace_id") var workspaceID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "message") var message: String
    /// pending, approved, denied.
    @Field(key: "status") var status: String
    /// "<workspace>:<user>" while pending: one pending request per person and workspace.
    @OptionalField(key: "pending_key") var pendingKey: String?
    @OptionalField(key: "role") var role: String?
    @OptionalField(key: "decided_by") var decidedBy: UUID?
    @OptionalField(key: "decided_at") var decidedAt: Date?
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// An email waiting for delivery. Written in the same transaction as the change it reports.
final class OutboxRow: Model, @unchecked Sendable {
    static let schema = "outbox"
    @ID var id: UUID?
    @Field(key: "to_address") var toAddress: String
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @Field(key: "html_body") var htmlBody: String
    @Field(key: "kind") var kind: String
    /// pending, sent, failed (gave up after the last retry), logged (no SMTP configured).
    @Field(key: "status") var status: String
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "locked_by") var lockedBy: String?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// The brand an email carries: the name, and a `LogoSource` key (never the image itself).
    @OptionalField(key: "brand_name") var brandName: String?
    @OptionalField(key: "brand_logo") var brandLogo: String?
    init() {}
}
