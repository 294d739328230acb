import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The caller's standing in a place, read in one statement: the place, its organisation, the
/// billing tier, the caller's account and both of their memberships. Every authorised request
/// starts here, so it is the hottest query Steward runs.
enum ContextQueries {
    /// Where the workspace comes from: itself, or the project that lives in it.
    enum Anchor {
        case workspace(UUID)
        case project(UUID)
    }

    /// The columns `decodeWorkspace` reads, from a workspace aliased `w`.
    static let workspaceFields = """
        w.id AS w_id, w.org_id AS w_org_id, w.name AS w_name, w.kind AS w_kind, w.visibility AS w_visibility,
        w.billing_account_id AS w_billing_account_id, w.created_at AS w_created_at,
        w.client_org_name AS w_client_org_name, w.data_owner_email AS w_data_owner_email,
        w.agreement_accepted_at AS w_agreement_accepted_at, w.agreement_accepted_by AS w_agreement_accepted_by
        """

    private static let workspaceColumns =
        workspaceFields + """
            , o.name AS o_name, o.is_partner AS o_is_partner, o.requires_two_factor AS o_requires_two_factor, pool.id AS pool_id, ba.tier AS tier,
            u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at,
            m.role AS m_role, m.removed_at AS m_removed_at, m.id AS m_id, om.role AS om_role, om.removed_at AS om_removed_at
            """

    /// The workspace context (and the project, for a project anchor); nil when the place does
    /// not exist or the caller cannot reach it.
    static func workspace(_ anchor: Anchor, user: UUID, on db: any Database) async throws
        -> (WorkspaceContext, Project?)?
    {
        let sql = db as! any SQLDatabase
        let source: SQLQueryString
        switch anchor {
        case .workspace(let id):
            source = "FROM workspaces w \(joins(user: user)) WHERE w.id = \(bind: id)"
        case .project(let id):
            source = """
                , p.id AS p_id, p.name AS p_name, p.description AS p_description, p.created_at AS p_created_at
                FROM projects p JOIN workspaces w ON w.id = p.workspace_id \(joins(user: user))
                WHERE p.id = \(bind: id)
                """
        }
        guard
            let row = try await sql.raw(
                "SELECT \(unsafeRaw: workspaceColumns) \(source)"
            ).first()
        else { return nil }
        let workspace = try decodeWorkspace(row)
        let org = try decodeOrg(row, id: workspace.orgID)
        let actor = try decodeUser(row, id: user)
        let membershipRole = try row.decode(column: "m_role", as: String?.self)
        let membershipExists = try row.decode(column: "m_id", as: UUID?.self) != nil
        let membershipRemoved = try row.decode(column: "m_removed_at", as: Date?.self) != nil
        let orgRole: OrgRole? =
            try row.decode(column: "om_removed_at", as: Date?.self) == nil
            ? try row.decode(column: "om_role", as: String?.self).flatMap(OrgRole.init(rawValue:)) : nil
        guard
            let access = WorkspaceAccessRule.access(
                membershipRole: membershipExists && !membershipRemoved
                    ? membershipRole.flatMap(WorkspaceRole.init(rawValue:)) : nil,
                removed: membershipExists && membershipRemoved, orgRole: orgRole, visibility: workspace.visibility)
        else { return nil }
        let tier = try row.decode(column: "tier", as: String?.self).flatMap(Tier.init(rawValue:)) ?? .free
        let context = WorkspaceContext(
            workspace: workspace, org: org, orgRole: orgRole, access: access, tier: tier, user: actor)
        guard case .project = anchor else { return (context, nil) }
        let project = Project(
            id: ProjectID(try row.decode(column: "p_id", as: UUID.self)), workspaceID: workspace.id,
            name: try row.decode(column: "p_name", as: String.self),
            description: try row.decode(column: "p_description", as: String.self),
            createdAt: try row.decode(column: "p_created_at", as: Date.self))
        return (context, project)
    }

    /// The caller's standing in an organisation; nil when it does not exist or they are not in it.
    static func org(_ id: UUID, user: UUID, on db: any Database) async throws -> OrgContext? {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                SELECT o.name AS o_name, o.is_partner AS o_is_partner, o.requires_two_factor AS o_requires_two_factor, pool.id AS pool_id, pool.tier AS tier,
                  u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at, om.role AS om_role
                FROM orgs o
                JOIN users u ON u.id = \(bind: user)
                JOIN org_memberships om ON om.org_id = o.id AND om.user_id = u.id AND om.removed_at IS NULL
                LEFT JOIN billing_accounts pool ON pool.org_id = o.id AND pool.scope = 'org'
                WHERE o.id = \(bind: id)
                """
            ).first(),
            let role = OrgRole(rawValue: try row.decode(column: "om_role", as: String.self))
        else { return nil }
        let org = try decodeOrg(row, id: OrgID(id))
        let actor = try decodeUser(row, id: user)
        let tier = try row.decode(column: "tier", as: String?.self).flatMap(Tier.init(rawValue:)) ?? .free
        return OrgContext(org: org, role: role, tier: tier, user: actor)
    }

    private static func joins(user: UUID) -> SQLQueryString {
        """
        JOIN orgs o ON o.id = w.org_id
        JOIN users u ON u.id = \(bind: user)
        LEFT JOIN billing_accounts pool ON pool.org_id = o.id AND pool.scope = 'org'
        LEFT JOIN billing_accounts ba ON ba.id = w.billing_account_id
        LEFT JOIN workspace_memberships m ON m.workspace_id = w.id AND m.user_id = u.id
        LEFT JOIN org_memberships om ON om.org_id = o.id AND om.user_id = u.id
        """
    }

    /// The organisation from `o_name`, `o_is_partner` and its pooled account `pool_id`.
    static func decodeOrg(_ row: any SQLRow, id: OrgID) throws -> Organisation {
        Organisation(
            id: id, name: try row.decode(column: "o_name", as: String.self),
            isPartner: try row.decode(column: "o_is_partner", as: Bool.self),
            billingAccountID: try row.decode(column: "pool_id", as: UUID?.self).map(BillingAccountID.init),
            requiresTwoFactor: try row.decode(column: "o_requires_two_factor", as: Bool.self))
    }

    static func decodeUser(_ row: any SQLRow, id: UUID) throws -> User {
        User(
            id: UserID(id), email: try row.decode(column: "u_email", as: String.self),
            name: try row.decode(column: "u_name", as: String.self),
            isStaff: try row.decode(column: "u_is_staff", as: Bool.self),
            emailVerified: try row.decode(column: "u_email_verified_at", as: Date?.self) != nil,
            twoFactorEnabled: try row.decode(column: "u_totp_enabled_at", as: Date?.self) != nil)
    }

    static func decodeWorkspace(_ row: any SQLRow) throws -> Workspace {
        var dataOwner: DataOwner?
        if let clientOrgName = try row.decode(column: "w_client_org_name", as: String?.self),
            let email = try row.decode(column: "w_data_owner_email", as: String?.self),
            let acceptedAt = try row.decode(column: "w_agreement_accepted_at", as: Date?.self),
            let acceptedBy = try row.decode(column: "w_agreement_accepted_by", as: UUID?.self)
        {
            dataOwner = DataOwner(
                clientOrgName: clientOrgName, email: email, agreementAcceptedAt: acceptedAt,
                agreementAcceptedBy: UserID(acceptedBy))
        }
        return Workspace(
            id: WorkspaceID(try row.decode(column: "w_id", as: UUID.self)),
            orgID: OrgID(try row.decode(column: "w_org_id", as: UUID.self)),
            name: try row.decode(column: "w_name", as: String.self),
            kind: WorkspaceKind(rawValue: try row.decode(column: "w_kind", as: String.self)) ?? .internal,
            visibility: Visibility(rawValue: try row.decode(column: "w_visibility", as: String.self)) ?? .open,
            billingAccountID: try row.decode(column: "w_billing_account_id", as: UUID?.self).map(
                BillingAccountID.init),
            createdAt: try row.decode(column: "w_created_at", as: Date.self), dataOwner: dataOwner)
    }
}
