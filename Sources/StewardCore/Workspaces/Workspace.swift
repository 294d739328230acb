/// Whether a workspace is the organisation's own or run on behalf of an external client.
public enum WorkspaceKind: String, CaseIterable, Codable, Sendable {
    case `internal`
    case externalClient
}

/// Who can find and enter a workspace (NOTES §6). Open is the default.
public enum Visibility: String, CaseIterable, Codable, Sendable, Comparable {
    case open, inviteOnly, `private`

    public static func < (lhs: Visibility, rhs: Visibility) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var displayName: String {
        switch self {
        case .open: "Open to the organisation"
        case .inviteOnly: "Invite-only"
        case .private: "Private"
        }
    }

    /// Moving out of open (or starting elsewhere) is a tier-gated capability.
    public var needsRestrictVisibility: Bool { self != .open }

    /// NOTES §6: moving *out of open* needs the tier; moving between invite-only and private, or
    /// back to open, is free (an owner/admin's setting like any other).
    public static func changeNeedsTier(from: Visibility, to: Visibility) -> Bool { from == .open && to != .open }
}

/// How a person reaches a workspace: through their own membership, or through their org role.
public enum AccessSource: String, CaseIterable, Codable, Sendable {
    case membership
    /// Org admins and the org owner oversee open workspaces as admin without a seat (NOTES §6).
    case organisation
}

public struct WorkspaceAccess: Equatable, Sendable {
    public var role: WorkspaceRole
    public var source: AccessSource
    public init(role: WorkspaceRole, source: AccessSource) {
        self.role = role
        self.source = source
    }
}

/// What a person's standing in a workspace is, given everything that bears on it.
public enum WorkspaceAccessRule {
    /// - Parameters:
    ///   - membershipRole: their explicit, active workspace membership, if any.
    ///   - removed: they were removed from this workspace and not invited back; removal is sticky
    ///     and keeps the organisation from pulling them back in (NOTES §6).
    ///   - orgRole: their role in the workspace's organisation, if any.
    public static func access(
        membershipRole: WorkspaceRole?, removed: Bool, orgRole: OrgRole?, visibility: Visibility
    ) -> WorkspaceAccess? {
        if let membershipRole { return WorkspaceAccess(role: membershipRole, source: .membership) }
        guard !removed, visibility == .open, Access.can(orgRole, .overseeNonPrivateWorkspaces) else { return nil }
        return WorkspaceAccess(role: .admin, source: .organisation)
    }
}
