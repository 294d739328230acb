import FluentKit
import FluentSQL
import Foundation
import StewardCore

public struct PendingInvite: Sendable {
    public var id: UUID
    public var email: String
    public var role: String
    public var scope: String
    public var orgID: OrgID
    public var workspaceID: WorkspaceID?
    public var invitedBy: User?
    public var createdAt: Date
    public var expiresAt: Date
    public var status: InvitationStatus
    /// A paid role's pending invite reserves a seat (NOTES §7).
    public var reservesSeat: Bool
}

public struct InviteLink: Sendable {
    public var id: UUID
    public var workspaceID: WorkspaceID
    public var role: WorkspaceRole
    public var expiresAt: Date
    public var maxUses: Int?
    public var uses: Int
    public var createdBy: User?
    public var status: InvitationStatus
    /// Only when just created: the token is not stored and cannot be shown again.
    public var url: String?
}

public struct InvitationView: Sendable {
    public var status: InvitationStatus
    public var kind: String
    public var scope: String
    public var name: String
    public var role: String
    /// The address an email invite is bound to (for pre-filling and for "signed in as someone else").
    public var email: String?
    public var inviterName: String?
    public var orgID: OrgID
    public var workspaceID: WorkspaceID?
    public var expiresAt: Date
    public var isDataOwnerInvite: Bool
}

public struct AcceptResult: Sendable {
    public var outcome: AddOutcome
    public var role: String
    public var workspaceID: WorkspaceID?
    public var orgID: OrgID
}

public struct MyInvite: Sendable {
    public var id: UUID
    public var token: String
    public var scope: String
    public var name: String
    public var role: String
    public var invitedBy: String?
    public var expiresAt: Date
}
