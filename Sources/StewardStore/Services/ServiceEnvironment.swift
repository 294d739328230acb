import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// What the services take from outside: the clock, token and password machinery, the limits.
public struct ServiceEnvironment: Sendable {
    public var clock: any Clock
    public var tokens: any TokenSource
    public var passwords: any PasswordHasher
    public var rateLimits: RateLimitPolicy
    public var sessionLifetime: TimeInterval
    /// Where people reach Steward; links in emails start here.
    public var baseURL: String
    /// The absolute link to a page, for emails and API answers.
    public func link(_ page: SitePage) -> String { page.url(base: baseURL) }
    /// The most conversations one project holds (`STEWARD_PROJECT_MAX_CONVERSATIONS`).
    public var conversationsPerProject: Int
    /// Sign-in failures, rate-limit refusals and invites sent, for the metrics.
    public var events: any ServiceEventSink

    public init(
        clock: any Clock, tokens: any TokenSource, passwords: any PasswordHasher, rateLimits: RateLimitPolicy,
        sessionLifetime: TimeInterval = 30 * 24 * 3600, baseURL: String = "http://localhost:8080",
        conversationsPerProject: Int = 50_000, events: any ServiceEventSink = IgnoredServiceEvents()
    ) {
        self.events = events
        self.conversationsPerProject = conversationsPerProject
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.clock = clock
        self.tokens = tokens
        self.passwords = passwords
        self.rateLimits = rateLimits
        self.sessionLifetime = sessionLifetime
    }
}

/// The application's use cases. Each loads values, asks StewardCore, and writes in one
/// transaction. The HTTP API, the pages and the CLI all call these; there is no second path.
public struct StewardServices: Sendable {
    public let db: any Database
    public let env: ServiceEnvironment

    public init(db: any Database, env: ServiceEnvironment) {
        self.db = db
        self.env = env
    }

    public var accounts: AccountService { AccountService(db: db, env: env) }
    public var twoFactor: TwoFactorService { TwoFactorService(db: db, env: env) }
    public var orgs: OrgService { OrgService(db: db, env: env) }
    public var workspaces: WorkspaceService { WorkspaceService(db: db, env: env) }
    public var work: WorkService { WorkService(db: db, env: env) }
    public var partner: PartnerService { PartnerService(db: db, env: env) }
    public var billing: BillingService { BillingService(db: db, env: env) }
    public var staff: StaffService { StaffService(db: db, env: env) }
    public var members: MembersService { MembersService(db: db, env: env) }
    public var invites: InviteService { InviteService(db: db, env: env) }
    public var access: AccessService { AccessService(db: db, env: env) }
    public var outbox: OutboxService { OutboxService(db: db, env: env) }
}

extension Error {
    /// A unique or foreign-key violation from either driver.
    var isConstraintViolation: Bool { (self as? any DatabaseError)?.isConstraintFailure ?? false }
}

// MARK: Row ↔ value mapping

extension UserRow {
    var value: User {
        User(
            id: UserID(id!), email: email, name: name, isStaff: isStaff, emailVerified: emailVerifiedAt != nil,
            twoFactorEnabled: totpEnabledAt != nil)
    }
}

extension OrgRow {
    func value(billingAccountID: UUID?) -> Organisation {
        Organisation(
            id: OrgID(id!), name: name, isPartner: isPartner,
            billingAccountID: billingAccountID.map(BillingAccountID.init), requiresTwoFactor: requiresTwoFactor)
    }
}

extension WorkspaceRow {
    var value: Workspace {
        Workspace(
            id: WorkspaceID(id!), orgID: OrgID(orgID), name: name, kind: WorkspaceKind(rawValue: kind) ?? .internal,
            visibility: Visibility(rawValue: visibility) ?? .open,
            billingAccountID: billingAccountID.map(BillingAccountID.init), createdAt: createdAt,
            dataOwner: dataOwner)
    }

    var dataOwner: DataOwner? {
        guard let clientOrgName, let dataOwnerEmail, let agreementAcceptedAt, let agreementAcceptedBy else {
            return nil
        }
        return DataOwner(
            clientOrgName: clientOrgName, email: dataOwnerEmail, agreementAcceptedAt: agreementAcceptedAt,
            agreementAcceptedBy: UserID(agreementAcceptedBy))
    }
}

extension ProjectRow {
    var value: Project {
        Project(
            id: ProjectID(id!), workspaceID: WorkspaceID(workspaceID), name: name, description: description,
            createdAt: createdAt)
    }
}

extension ConversationRow {
    var value: Conversation {
        Conversation(
            id: ConversationID(id!), projectID: ProjectID(projectID), participantName: participantName, text: text,
            createdAt: createdAt)
    }
    var analysisText: ConversationText {
        ConversationText(id: ConversationID(id!).description, participantName: participantName, text: text)
    }
}

extension ReportRow {
    var value: Report {
        let decoded = (try? JSONDecoder().decode(ReportContent.self, from: Data(content.utf8)))
        return Report(
            id: ReportID(id!), projectID: ProjectID(projectID), status: ReportStatus(rawValue: status) ?? .draft,
            content: decoded ?? .empty,
            createdAt: createdAt, publishedAt: publishedAt)
    }
}

extension StewardServices {
    /// Succeeds once the database answers a query (for /healthz).
    public func checkDatabase() async throws {
        _ = try await (db as! any SQLDatabase).raw("SELECT 1 AS ok").first()
    }
}
