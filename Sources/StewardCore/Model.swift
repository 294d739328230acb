import Foundation

/// A typed identifier so a workspace id can't be passed where a user id is meant.
public struct Identifier<Tag>: Hashable, Sendable, Codable, CustomStringConvertible {
    public let uuid: UUID
    public init(_ uuid: UUID) { self.uuid = uuid }
    public init?(_ string: String) {
        guard let uuid = UUID(uuidString: string) else { return nil }
        self.uuid = uuid
    }
    public var description: String { uuid.uuidString.lowercased() }
    public init(from decoder: Decoder) throws { uuid = try decoder.singleValueContainer().decode(UUID.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

public enum UserTag {}
public enum OrgTag {}
public enum WorkspaceTag {}
public enum ProjectTag {}
public enum ConversationTag {}
public enum ReportTag {}
public enum BillingAccountTag {}
public typealias UserID = Identifier<UserTag>
public typealias OrgID = Identifier<OrgTag>
public typealias WorkspaceID = Identifier<WorkspaceTag>
public typealias ProjectID = Identifier<ProjectTag>
public typealias ConversationID = Identifier<ConversationTag>
public typealias ReportID = Identifier<ReportTag>
public typealias BillingAccountID = Identifier<BillingAccountTag>

public struct User: Equatable, Sendable {
    public var id: UserID
    public var email: String
    public var name: String
    public var isStaff: Bool
    /// The account proved it controls `email` (NOTES §12); until then invites never trust it.
    public var emailVerified: Bool
    public var twoFactorEnabled: Bool
    public init(
        id: UserID, email: String, name: String, isStaff: Bool, emailVerified: Bool = false,
        twoFactorEnabled: Bool = false
    ) {
        self.id = id
        self.email = email
        self.name = name
        self.isStaff = isStaff
        self.emailVerified = emailVerified
        self.twoFactorEnabled = twoFactorEnabled
    }
}

public struct Organisation: Equatable, Sendable {
    public var id: OrgID
    public var name: String
    public var isPartner: Bool
    public var billingAccountID: BillingAccountID?
    /// Members need two-factor sign-in to reach its workspaces and pages (NOTES §12).
    public var requiresTwoFactor: Bool
    public init(
        id: OrgID, name: String, isPartner: Bool, billingAccountID: BillingAccountID?, requiresTwoFactor: Bool = false
    ) {
        self.id = id
        self.name = name
        self.isPartner = isPartner
        self.billingAccountID = billingAccountID
        self.requiresTwoFactor = requiresTwoFactor
    }
}

public struct Workspace: Equatable, Sendable {
    public var id: WorkspaceID
    public var orgID: OrgID
    public var name: String
    public var kind: WorkspaceKind
    public var visibility: Visibility
    public var billingAccountID: BillingAccountID?
    public var createdAt: Date
    /// Only for external-client workspaces; show it only where PartnerRule.maySeeDataOwner allows.
    public var dataOwner: DataOwner?
    public init(
        id: WorkspaceID, orgID: OrgID, name: String, kind: WorkspaceKind, visibility: Visibility,
        billingAccountID: BillingAccountID?, createdAt: Date, dataOwner: DataOwner? = nil
    ) {
        self.dataOwner = dataOwner
        self.id = id
        self.orgID = orgID
        self.name = name
        self.kind = kind
        self.visibility = visibility
        self.billingAccountID = billingAccountID
        self.createdAt = createdAt
    }
}

public struct Project: Equatable, Sendable {
    public var id: ProjectID
    public var workspaceID: WorkspaceID
    public var name: String
    public var description: String
    public var createdAt: Date
    public init(id: ProjectID, workspaceID: WorkspaceID, name: String, description: String, createdAt: Date) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.description = description
        self.createdAt = createdAt
    }
}

public struct Conversation: Equatable, Sendable {
    public var id: ConversationID
    public var projectID: ProjectID
    public var participantName: String
    public var text: String
    public var createdAt: Date
    public init(id: ConversationID, projectID: ProjectID, participantName: String, text: String, createdAt: Date) {
        self.id = id
        self.projectID = projectID
        self.participantName = participantName
        self.text = text
        self.createdAt = createdAt
    }
}

public enum ReportStatus: String, CaseIterable, Codable, Sendable { case draft, published }

public struct Report: Equatable, Sendable {
    public var id: ReportID
    public var projectID: ProjectID
    public var status: ReportStatus
    public var content: ReportContent
    public var createdAt: Date
    public var publishedAt: Date?
    public init(
        id: ReportID, projectID: ProjectID, status: ReportStatus, content: ReportContent, createdAt: Date,
        publishedAt: Date?
    ) {
        self.id = id
        self.projectID = projectID
        self.status = status
        self.content = content
        self.createdAt = createdAt
        self.publishedAt = publishedAt
    }
}

public struct AuditEvent: Equatable, Sendable {
    /// Position in the log; later events have larger numbers.
    public var sequence: Int
    public var actor: User?
    public var action: String
    public var targetType: String
    public var targetID: String?
    public var targetLabel: String?
    public var before: String?
    public var after: String?
    public var createdAt: Date
    public init(
        sequence: Int, actor: User?, action: String, targetType: String, targetID: String?, targetLabel: String?,
        before: String?, after: String?, createdAt: Date
    ) {
        self.sequence = sequence
        self.actor = actor
        self.action = action
        self.targetType = targetType
        self.targetID = targetID
        self.targetLabel = targetLabel
        self.before = before
        self.after = after
        self.createdAt = createdAt
    }
}

/// Outcome of adding one address to a workspace or organisation (NOTES §5).
public enum AddOutcome: String, CaseIterable, Codable, Sendable {
    case alreadyMember, reactivated, added, invited
}

/// Side effects the services take from outside so tests can control them.
public protocol Clock: Sendable {
    func now() -> Date
}

public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}
