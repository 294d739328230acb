/// The two permission matrices as data. Read `workspace` next to the seeds' table
/// "What each role can do": each row there is a capability, each column a role here.
public enum PermissionMatrix {
    public static let workspace: [WorkspaceRole: Set<WorkspaceCapability>] = [
        .owner: Set(WorkspaceCapability.allCases),
        .admin: Set(WorkspaceCapability.allCases),
        .member: [
            .viewProjects, .createProjects, .editProjects, .readConversations, .deleteConversations,
            .ask, .viewReports, .buildReports, .viewUsage, .recordConversations, .publishReports,
        ],
        .billing: [.viewUsage, .viewInvoices],
        .external: [.viewProjects, .editProjects, .readConversations, .ask, .viewReports, .buildReports],
        .observer: [.viewProjects, .readConversations, .viewReports],
    ]

    public static let organisation: [OrgRole: Set<OrgCapability>] = [
        .owner: Set(OrgCapability.allCases),
        .admin: [
            .viewOrganisation, .discoverOpenWorkspaces, .overseeNonPrivateWorkspaces, .createWorkspaces,
            .manageMembers, .changeSettings, .viewBilling, .manageBilling, .viewAudit, .viewOverview,
        ],
        .billing: [.viewOrganisation, .viewBilling, .manageBilling],
        .member: [.viewOrganisation, .discoverOpenWorkspaces],
    ]
}

/// The answer to "may this role do that here?".
public enum AccessDecision: Equatable, Sendable {
    case allowed
    case deniedByRole
    /// The role has the capability but the billing account's tier lacks it.
    case requiresTier(Tier)

    public var isAllowed: Bool { self == .allowed }
}

/// The single authorisation check. Every handler and page asks this; nobody compares roles.
public enum Access {
    public static func decide(_ role: WorkspaceRole?, _ capability: WorkspaceCapability, tier: Tier = .free)
        -> AccessDecision
    {
        guard let role, PermissionMatrix.workspace[role, default: []].contains(capability) else {
            return .deniedByRole
        }
        return tier >= capability.requiredTier ? .allowed : .requiresTier(capability.requiredTier)
    }

    public static func can(_ role: WorkspaceRole?, _ capability: WorkspaceCapability, tier: Tier = .free) -> Bool {
        decide(role, capability, tier: tier).isAllowed
    }

    public static func can(_ role: OrgRole?, _ capability: OrgCapability) -> Bool {
        guard let role else { return false }
        return PermissionMatrix.organisation[role, default: []].contains(capability)
    }

    /// Throws the domain error matching the decision, so handlers stay one line.
    public static func require(
        _ role: WorkspaceRole?, _ capability: WorkspaceCapability, tier: Tier = .free
    ) throws(DomainError) {
        switch decide(role, capability, tier: tier) {
        case .allowed: return
        case .deniedByRole: throw .forbidden("Your role in this workspace does not allow this.")
        case .requiresTier(let needed): throw .tierRequired(needed)
        }
    }

    public static func require(_ role: OrgRole?, _ capability: OrgCapability) throws(DomainError) {
        guard can(role, capability) else {
            throw .forbidden("Your role in this organisation does not allow this.")
        }
    }
}
