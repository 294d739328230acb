/// Where people belong: an organisation or one of its workspaces. Members, invites, role changes
/// and removals run one flow for both; what differs between the two is said here and in
/// `MemberRules`, not in the flow.
public enum Place: Hashable, Sendable {
    case org(OrgID)
    case workspace(WorkspaceID)

    /// How emails and pages name the place ("the organisation", "the workspace").
    public var noun: String {
        switch self {
        case .org: "organisation"
        case .workspace: "workspace"
        }
    }

    /// Whether a pending invite here holds a seat: a paid workspace role does; an organisation
    /// role takes none until the person holds a paid role in one of its workspaces.
    public var invitesReserveSeats: Bool {
        switch self {
        case .org: false
        case .workspace: true
        }
    }

    /// The place's own page: the organisation's or the workspace's.
    public var page: SitePage {
        switch self {
        case .org(let id): .org(id)
        case .workspace(let id): .workspace(id)
        }
    }

    /// Where its people are listed and managed.
    public var membersPage: SitePage {
        switch self {
        case .org(let id): .orgMembers(id)
        case .workspace(let id): .workspaceMembers(id)
        }
    }
}

/// A role in either place, for the code that treats both alike. Roles of different places never
/// meet: every comparison is between roles of one place.
public enum PlaceRole: Hashable, Sendable {
    case org(OrgRole)
    case workspace(WorkspaceRole)

    public var rawValue: String {
        switch self {
        case .org(let role): role.rawValue
        case .workspace(let role): role.rawValue
        }
    }

    public var summary: String {
        switch self {
        case .org(let role): role.summary
        case .workspace(let role): role.summary
        }
    }

    public var rank: Int {
        switch self {
        case .org(let role): role.rank
        case .workspace(let role): role.rank
        }
    }

    public func isAbove(_ other: PlaceRole) -> Bool { rank > other.rank }

    /// External and observer: people outside the organisation. Organisation roles never are.
    public var isOutsideRole: Bool {
        if case .workspace(let role) = self { return role.isOutsideRole }
        return false
    }

    /// Only workspace roles take seats, and not the observer.
    public var takesSeat: Bool {
        if case .workspace(let role) = self { return role.takesSeat }
        return false
    }

    /// Roles a workspace's invite link may carry (NOTES §5); organisations have no links.
    public var isLinkInvitable: Bool {
        if case .workspace(let role) = self { return WorkspaceRole.linkInvitable.contains(role) }
        return false
    }

    /// The role named `raw` in `place`, or nil when that place has no such role.
    public static func named(_ raw: String, in place: Place) -> PlaceRole? {
        switch place {
        case .org: OrgRole(rawValue: raw).map(PlaceRole.org)
        case .workspace: WorkspaceRole(rawValue: raw).map(PlaceRole.workspace)
        }
    }

    /// Every role of the place's kind, lowest first.
    public static func all(in place: Place) -> [PlaceRole] {
        switch place {
        case .org: OrgRole.allCases.map(PlaceRole.org)
        case .workspace: WorkspaceRole.allCases.map(PlaceRole.workspace)
        }
    }
}

/// Someone in an organisation or a workspace, with the role they hold there.
public struct Member: Equatable, Sendable {
    public var user: User
    public var role: PlaceRole
    /// Whether the role is their own membership or oversight through the organisation (workspaces).
    public var source: AccessSource
    /// Whether they sign in with two-factor; nil unless the viewer manages members (NOTES §12).
    public var twoFactorShown: Bool?
    public init(user: User, role: PlaceRole, source: AccessSource = .membership) {
        self.user = user
        self.role = role
        self.source = source
    }
    /// External and observer render grey: they sit outside the organisation.
    public var outside: Bool { role.isOutsideRole }
    /// Oversight through the organisation is free; explicit memberships in paid roles take a seat.
    public var paidSeat: Bool { source == .membership && role.takesSeat }
}
