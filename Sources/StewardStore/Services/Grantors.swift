import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The people behind a list of invites or links, with whether each may still grant a role in
/// the place (NOTES §3: an invite is void once its inviter may no longer grant its role). Read in
/// one statement for the whole list.
struct Grantors {
    var user: User
    /// The role they hold in the place, or nil when they are no longer in it.
    private var workspaceRole: WorkspaceRole?
    private var orgRole: OrgRole?
    private var tier: Tier

    func mayGrant(_ rawRole: String) -> Bool {
        if let workspaceRole {
            guard Access.can(workspaceRole, .manageMembers, tier: tier), let granted = WorkspaceRole(rawValue: rawRole)
            else { return false }
            return (try? GrantRule.checkGrant(actor: workspaceRole, grants: granted, targetCurrent: nil, ownerCount: 0))
                != nil
        }
        guard let orgRole, Access.can(orgRole, .manageMembers), let granted = OrgRole(rawValue: rawRole) else {
            return false
        }
        return (try? GrantRule.checkGrant(actor: orgRole, grants: granted, targetCurrent: nil, ownerCount: 0)) != nil
    }

    static func load(_ ids: Set<UUID>, in place: PlaceContext, on db: any Database) async throws
        -> [UUID: Grantors]
    {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        let membership: SQLQueryString =
            if let workspaceID = place.workspaceID {
                "LEFT JOIN workspace_memberships m ON m.workspace_id = \(bind: workspaceID) AND m.user_id = u.id"
            } else {
                "LEFT JOIN workspace_memberships m ON 1 = 0"
            }
        let rows = try await sql.raw(
            """
            SELECT u.id AS id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at,
              m.id AS m_id, m.role AS m_role, m.removed_at AS m_removed_at, om.role AS om_role
            FROM users u
            \(membership)
            LEFT JOIN org_memberships om ON om.org_id = \(bind: place.orgID) AND om.user_id = u.id
              AND om.removed_at IS NULL
            WHERE u.id IN (\(binds: Array(ids)))
            """
        ).all()
        var result: [UUID: Grantors] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: UUID.self)
            let orgRole = try row.decode(column: "om_role", as: String?.self).flatMap(OrgRole.init(rawValue:))
            var grantor = Grantors(
                user: try ContextQueries.decodeUser(row, id: id), workspaceRole: nil, orgRole: orgRole, tier: .free)
            if case .workspace(let ctx) = place {
                let exists = try row.decode(column: "m_id", as: UUID?.self) != nil
                let removed = try row.decode(column: "m_removed_at", as: Date?.self) != nil
                let access = WorkspaceAccessRule.access(
                    membershipRole: exists && !removed
                        ? try row.decode(column: "m_role", as: String?.self).flatMap(WorkspaceRole.init(rawValue:))
                        : nil,
                    removed: exists && removed, orgRole: orgRole, visibility: ctx.workspace.visibility)
                grantor.workspaceRole = access?.role
                grantor.orgRole = nil
                grantor.tier = ctx.tier
            }
            result[id] = grantor
        }
        return result
    }
}
