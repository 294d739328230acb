/// What someone may do inside a workspace. The first twelve mirror the rows of the seeds'
/// "What each role can do" table; the rest are the additions of NOTES §2.
public enum WorkspaceCapability: String, CaseIterable, Codable, Sendable {
    case viewProjects
    case createProjects
    case editProjects
    case deleteProjects
    case readConversations
    case deleteConversations
    case ask
    case viewReports
    case buildReports
    case manageMembers
    case changeSettings
    case viewUsage
    case viewInvoices
    // NOTES §2 additions
    case recordConversations
    case publishReports
    case deleteReports
    case moveProjects
    case viewAudit
    // Tier-gated settings (NOTES §7): the role grants them, the tier must allow them too.
    case restrictVisibility
    case whitelabel

    /// The lowest tier at which the capability exists at all.
    public var requiredTier: Tier {
        switch self {
        case .restrictVisibility: .innovator
        case .whitelabel: .changemaker
        default: .free
        }
    }
}

/// What someone may do at the organisation level (NOTES §2).
public enum OrgCapability: String, CaseIterable, Codable, Sendable {
    case viewOrganisation
    case discoverOpenWorkspaces
    /// Oversight of every workspace that is not private (org admins and the owner).
    case overseeNonPrivateWorkspaces
    /// Only the org owner can carve into a private workspace.
    case carveIntoPrivateWorkspaces
    case createWorkspaces
    case manageMembers
    case changeSettings
    case viewBilling
    case manageBilling
    case viewAudit
    case viewOverview
    /// Requiring two-factor sign-in of every member (NOTES §12: the organisation owner).
    case requireTwoFactor
}
