/// How a workspace looks to someone browsing their organisation (NOTES §6).
public enum DiscoveryStatus: String, CaseIterable, Codable, Sendable {
    case member, canJoin, canRequest, requested
}

public enum DiscoveryRule {
    /// nil: this person may not know the workspace exists.
    /// - Parameters:
    ///   - access: their current standing (membership or oversight), if any.
    ///   - removed: they were removed and not invited back.
    public static func status(
        visibility: Visibility, orgRole: OrgRole?, access: WorkspaceAccess?, removed: Bool, pendingRequest: Bool
    ) -> DiscoveryStatus? {
        if access != nil { return .member }
        guard let orgRole else { return nil }
        let oversees = Access.can(orgRole, .overseeNonPrivateWorkspaces)
        switch visibility {
        case .open:
            // Org admins join back deliberately after a removal; members ask.
            if oversees { return .canJoin }
            guard Access.can(orgRole, .discoverOpenWorkspaces) else { return nil }
            return pendingRequest ? .requested : .canRequest
        case .inviteOnly:
            return oversees ? .canJoin : nil
        case .private:
            return Access.can(orgRole, .carveIntoPrivateWorkspaces) ? .canJoin : nil
        }
    }

    /// Whether an organisation-wide view (the overview, the org audit log) may show a workspace and
    /// what happens in it: org admins neither see nor join private ones (NOTES §6); the org owner
    /// can carve in, and members of it see it anyway.
    public static func orgViewShows(_ visibility: Visibility, orgRole: OrgRole?, isMember: Bool) -> Bool {
        visibility != .private || isMember || Access.can(orgRole, .carveIntoPrivateWorkspaces)
    }

    /// A pending request whose requester can no longer discover the workspace (it became private
    /// or invite-only after they asked) is out of date: approving it would carry them into a place
    /// they may not see.
    public static func checkRequestStillValid(visibility: Visibility, requesterOrgRole: OrgRole?) throws(DomainError) {
        let status = self.status(
            visibility: visibility, orgRole: requesterOrgRole, access: nil, removed: false, pendingRequest: true)
        if status == nil {
            throw DomainError(
                .conflict, code: "request_outdated",
                detail: "The requester can no longer see this workspace (its visibility changed after they asked). "
                    + "Invite them if they should join.")
        }
    }

    /// The role someone gets by joining on their own: admins and the owner oversee, so they
    /// come in as admin (an explicit, paid membership).
    public static let selfJoinRole: WorkspaceRole = .admin
}
