import StewardCore
import StewardStore
import Vapor

// JSON shapes of the public contract (../shared/API.md). camelCase, ids as strings, RFC 3339 times.

struct UserDTO: Content {
    var id: String
    var email: String
    var name: String
    init(_ user: User) {
        id = user.id.description
        email = user.email
        name = user.name
    }
}

/// The signed-in person's own account: what only they (and nobody listing members) see.
struct MeDTO: Content {
    var id: String
    var email: String
    var name: String
    var isStaff: Bool
    var emailVerified: Bool
    var twoFactorEnabled: Bool
    /// A new address waiting for verification, if they asked to move the account.
    var pendingEmail: String?
    init(_ user: User, pendingEmail: String? = nil) {
        id = user.id.description
        email = user.email
        name = user.name
        isStaff = user.isStaff
        emailVerified = user.emailVerified
        twoFactorEnabled = user.twoFactorEnabled
        self.pendingEmail = pendingEmail
    }
}

struct AuthDTO: Content {
    var user: MeDTO
    var token: String
}

struct OrgDTO: Content {
    var id: String
    var name: String
    var isPartner: Bool
    var myRole: OrgRole
    var billingAccountId: String?
    /// Members need two-factor sign-in to reach its workspaces (NOTES §12).
    var requiresTwoFactor: Bool
    init(_ ctx: OrgContext) {
        self.init(ctx.org, role: ctx.role)
    }
    init(_ org: Organisation, role: OrgRole) {
        id = org.id.description
        name = org.name
        isPartner = org.isPartner
        myRole = role
        billingAccountId = org.billingAccountID?.description
        requiresTwoFactor = org.requiresTwoFactor
    }
}

struct OrgMemberDTO: Content {
    var user: UserDTO
    var role: OrgRole
    /// Only for those who manage members.
    var twoFactorEnabled: Bool?
    init(_ member: OrgMember) {
        user = UserDTO(member.user)
        role = member.role
        twoFactorEnabled = member.twoFactorShown
    }
}

struct WorkspaceDTO: Content {
    var id: String
    var name: String
    var orgId: String
    var kind: WorkspaceKind
    var visibility: Visibility
    var tier: Tier
    var billingAccountId: String?
    var myRole: WorkspaceRole
    /// "membership", or "organisation" for org admins/owners overseeing an open workspace.
    var access: AccessSource
    /// Only for the workspace's owners/admins and staff.
    var dataOwner: DataOwnerDTO?
    init(_ ctx: WorkspaceContext) {
        if let owner = ctx.workspace.dataOwner, PartnerRule.maySeeDataOwner(role: ctx.role, isStaff: ctx.user.isStaff) {
            dataOwner = DataOwnerDTO(owner)
        }
        id = ctx.workspace.id.description
        name = ctx.workspace.name
        orgId = ctx.workspace.orgID.description
        kind = ctx.workspace.kind
        visibility = ctx.workspace.visibility
        tier = ctx.tier
        billingAccountId = ctx.workspace.billingAccountID?.description
        myRole = ctx.role
        access = ctx.access.source
    }
}

struct DataOwnerDTO: Content {
    var clientOrgName: String
    var email: String
    var agreementAcceptedAt: Date
    var agreementAcceptedBy: String
    init(_ d: DataOwner) {
        clientOrgName = d.clientOrgName
        email = d.email
        agreementAcceptedAt = d.agreementAcceptedAt
        agreementAcceptedBy = d.agreementAcceptedBy.description
    }
}

struct OrgRefDTO: Content {
    var id: String
    var name: String
}

struct DiscoveredWorkspaceDTO: Content {
    var id: String
    var name: String
    var org: OrgRefDTO
    var kind: WorkspaceKind
    var visibility: Visibility
    var myStatus: DiscoveryStatus
    var role: WorkspaceRole?
    var access: AccessSource?
    init(_ item: DiscoveredWorkspace) {
        id = item.workspace.id.description
        name = item.workspace.name
        org = OrgRefDTO(id: item.org.id.description, name: item.org.name)
        kind = item.workspace.kind
        visibility = item.workspace.visibility
        myStatus = item.status
        role = item.role
        access = item.access
    }
}

struct MyWorkspaceDTO: Content {
    var id: String
    var name: String
    var org: OrgRefDTO
    var kind: WorkspaceKind
    var role: WorkspaceRole
    var access: AccessSource
    var isDataOwner: Bool
    var visibility: Visibility
    var myStatus: String
    init(_ item: MyWorkspace, user: User) {
        isDataOwner = PartnerRule.isDataOwner(
            userEmail: user.email, emailVerified: user.emailVerified, dataOwnerEmail: item.workspace.dataOwner?.email)
        id = item.workspace.id.description
        name = item.workspace.name
        org = OrgRefDTO(id: item.org.id.description, name: item.org.name)
        kind = item.workspace.kind
        role = item.access.role
        access = item.access.source
        visibility = item.workspace.visibility
        myStatus = "member"
    }
}

struct WorkspaceMemberDTO: Content {
    var user: UserDTO
    var role: WorkspaceRole
    var outside: Bool
    var paidSeat: Bool
    var access: AccessSource
    /// Only for those who manage members.
    var twoFactorEnabled: Bool?
    init(_ member: WorkspaceMember) {
        user = UserDTO(member.user)
        role = member.role
        outside = member.outside
        paidSeat = member.paidSeat
        access = member.source
        twoFactorEnabled = member.twoFactorShown
    }
}

struct AddResultDTO: Content {
    struct ErrorDTO: Content {
        var code: String
        var detail: String
    }
    var email: String
    var outcome: AddOutcome?
    var inviteId: String?
    var error: ErrorDTO?
    init(_ result: AddResult) {
        email = result.email
        outcome = result.outcome
        inviteId = result.inviteID?.uuidString.lowercased()
        error = result.error.map { ErrorDTO(code: $0.code, detail: $0.detail) }
    }
}

struct AddResultsDTO: Content {
    var results: [AddResultDTO]
}

struct UsageDTO: Content {
    var seatsUsed: Int
    var pendingSeats: Int
    var observers: Int
    var byRole: [String: Int]
    var projects: Int
    var conversations: Int
    var tier: Tier
    init(_ u: Usage) {
        seatsUsed = u.seatsUsed
        pendingSeats = 0
        observers = u.observers
        byRole = Dictionary(uniqueKeysWithValues: WorkspaceRole.allCases.map { ($0.rawValue, u.byRole[$0] ?? 0) })
        projects = u.projects
        conversations = u.conversations
        tier = u.tier
    }
}

struct ProjectDTO: Content {
    var id: String
    var workspaceId: String
    var name: String
    var description: String
    var createdAt: Date
    init(_ p: Project) {
        id = p.id.description
        workspaceId = p.workspaceID.description
        name = p.name
        description = p.description
        createdAt = p.createdAt
    }
}

struct ConversationDTO: Content {
    var id: String
    var projectId: String
    var participantName: String
    var text: String
    var createdAt: Date
    init(_ c: Conversation) {
        id = c.id.description
        projectId = c.projectID.description
        participantName = c.participantName
        text = c.text
        createdAt = c.createdAt
    }
}

struct ReportDTO: Content {
    var id: String
    var projectId: String
    var status: ReportStatus
    var content: ReportContent
    var createdAt: Date
    var publishedAt: Date?
    init(_ r: Report) {
        id = r.id.description
        projectId = r.projectID.description
        status = r.status
        content = r.content
        createdAt = r.createdAt
        publishedAt = r.publishedAt
    }
}

struct AskResultDTO: Content {
    struct Citation: Content {
        var conversationId: String
        var participantName: String
        var excerpt: String
    }
    var question: String
    var answer: String
    var citations: [Citation]
    init(_ a: WorkService.Answer) {
        question = a.question
        answer = a.answer
        citations = a.citations.map {
            Citation(
                conversationId: $0.conversation.id.description, participantName: $0.conversation.participantName,
                excerpt: $0.excerpt)
        }
    }
}

struct AuditEventDTO: Content {
    var id: String
    var action: String
    var actor: UserDTO?
    var targetType: String
    var targetId: String?
    var targetLabel: String?
    var before: String?
    var after: String?
    var createdAt: Date
    init(_ e: AuditEvent) {
        id = String(e.sequence)
        action = e.action
        actor = e.actor.map(UserDTO.init)
        targetType = e.targetType
        targetId = e.targetID
        targetLabel = e.targetLabel
        before = e.before
        after = e.after
        createdAt = e.createdAt
    }
}

// MARK: Inputs. Every field optional so a missing one is a 422 naming it, not a decoding 400.

struct RegisterInput: Content {
    var email: String?
    var password: String?
    var name: String?
}
struct LoginInput: Content {
    var email: String?
    var password: String?
    /// A TOTP or recovery code, for accounts with two-factor.
    var otp: String?
}
struct NameInput: Content { var name: String? }
struct RoleInput: Content { var role: String? }
struct AddMembersInput: Content {
    var emails: [String]?
    var role: String?
}
struct CreateWorkspaceInput: Content {
    struct ExternalClient: Content {
        var clientOrgName: String?
        var dataOwnerEmail: String?
        var partnerAgreementAccepted: Bool?
    }
    var name: String?
    var visibility: String?
    var externalClient: ExternalClient?
}
struct UpdateWorkspaceInput: Content {
    var name: String?
    var visibility: String?
}
struct ProjectInput: Content {
    var name: String?
    var description: String?
}
struct ConversationInput: Content {
    var participantName: String?
    var text: String?
}
struct AskInput: Content { var question: String? }

extension Request {
    /// `?limit=` and `?cursor=` of a long list; bad values are a 422 naming the parameter.
    /// A typed id from the path; a malformed one is the same 404 as an unknown one.
    func id<Tag>(_ name: String, _ what: String) throws -> Identifier<Tag> {
        guard let raw = parameters.get(name), let id = Identifier<Tag>(raw) else { throw DomainError.notFound(what) }
        return id
    }

    /// Decodes a JSON body; an empty body decodes as `{}`.
    func input<T: Content>(_ type: T.Type) throws -> T {
        if body.data == nil || body.data?.readableBytes == 0 {
            return try JSONDecoder().decode(T.self, from: Data("{}".utf8))
        }
        guard headers.contentType == .json || headers.contentType == nil else {
            throw DomainError(
                .badRequest, code: "unsupported_media_type", detail: "Send the body as application/json.")
        }
        return try content.decode(T.self, as: .json)
    }
}
