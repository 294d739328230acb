/// A person's role inside one workspace. Declared lowest first: the order is the grant order of
/// the seeds' invites page, observer < external < member < billing < admin < owner.
public enum WorkspaceRole: String, CaseIterable, Codable, Sendable, RankedRole {
    case observer, external, member, billing, admin, owner

    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// Observer is the only free workspace role (seeds: roles & permissions, "observer is free").
    public var takesSeat: Bool { self != .observer }

    /// External and observer are for people outside the organisation (NOTES §4).
    public var isOutsideRole: Bool { self == .external || self == .observer }

    /// The roles offered in a workspace invite, in the seeds' order. Owner is granted only
    /// by a role change made by an owner (NOTES §3).
    public static let invitable: [WorkspaceRole] = [.admin, .member, .billing, .external, .observer]

    /// Roles a link invite may carry (NOTES §5).
    public static let linkInvitable: [WorkspaceRole] = [.member, .external, .observer]

    /// One-line descriptions from the seeds' "Pick the role" table.
    public var summary: String {
        switch self {
        case .owner: "Has the final say over everything"
        case .admin: "Runs sessions and analyses results, and manages people, settings and billing"
        case .member: "Runs sessions and analyses the results - the everyday job"
        case .billing: "Sees spend and invoices, but not the conversations"
        case .external: "Collaborates from outside your organisation (edit, chat, build reports)"
        case .observer: "Only views results, nothing else, for free"
        }
    }
}

/// A person's role in an organisation, lowest first: member < billing < admin < owner.
public enum OrgRole: String, CaseIterable, Codable, Sendable, RankedRole {
    case member, billing, admin, owner

    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// Org invites offer member, admin, billing, owner (owner only when an owner invites).
    public static let invitable: [OrgRole] = [.member, .admin, .billing, .owner]

    public var summary: String {
        switch self {
        case .owner: "Full control of the organisation"
        case .admin: "Manages people, settings and billing, and creates workspaces"
        case .member: "Belongs to the organisation and works in its workspaces"
        case .billing: "Sees spend across every workspace, touches no content"
        }
    }
}

/// A role with a place in a grant order. The grant rule is written once against this.
public protocol RankedRole: Hashable, Sendable {
    var rank: Int { get }
    var isOwner: Bool { get }
}

extension RankedRole {
    public func isAbove(_ other: Self) -> Bool { rank > other.rank }
}

extension WorkspaceRole {
    public var isOwner: Bool { self == .owner }
}

extension OrgRole {
    public var isOwner: Bool { self == .owner }
}
