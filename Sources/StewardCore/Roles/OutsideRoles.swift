/// The invariants of the two outside roles (NOTES §4): external and observer are for people who
/// are not in the organisation; observer exists only in external-client workspaces; promotion to
/// an inside role is the deliberate path, never a role change.
public enum OutsideRoleRule {
    public static func checkWorkspaceRole(
        _ role: WorkspaceRole, current: WorkspaceRole?, isOrgMember: Bool, kind: WorkspaceKind
    ) throws(DomainError) {
        if role == .observer && kind != .externalClient {
            throw DomainError(
                .unprocessable, code: "observer_needs_external_client_workspace",
                detail: "Observers only exist in external-client workspaces. Invite them as external, or as a member "
                    + "if they are part of your organisation.",
                fieldErrors: [.init(field: "role", message: "observer is only available in external-client workspaces")]
            )
        }
        if role.isOutsideRole && isOrgMember {
            throw DomainError(
                .unprocessable, code: "outside_role_for_org_member",
                detail: "\(role.rawValue.capitalized) is for people outside the organisation, and this person is a "
                    + "member of it. Give them an inside role such as member.",
                fieldErrors: [.init(field: "role", message: "is for people outside the organisation")])
        }
        if let current, current.isOutsideRole, !role.isOutsideRole {
            throw DomainError(
                .conflict, code: "outside_promotion_not_allowed",
                detail: "Bringing an outside collaborator into the team is deliberately not one step: remove them "
                    + "from the workspace, add them to the organisation, then invite them again as a member.")
        }
    }

    /// Adding someone to the organisation who is still an external or observer in its workspaces.
    public static func checkOrgAdd(outsideMembershipsInOrg: Int) throws(DomainError) {
        if outsideMembershipsInOrg > 0 {
            throw DomainError(
                .conflict, code: "outside_memberships_first",
                detail: "This person is an external or observer in \(outsideMembershipsInOrg) of this "
                    + "organisation's workspaces. Remove those memberships first, then add them to the organisation "
                    + "and invite them again as a member.")
        }
    }
}
