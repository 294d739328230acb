import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Whose branding a workspace shows, on its pages and in its emails: the client's logo where
/// whitelabel applies, otherwise the organisation's (internal workspaces inherit it), otherwise
/// none.
enum Branding {
    /// The rule, with the look-ups left to the caller: the pages load the logo itself, the emails
    /// only whether it exists. The client's logo is looked up only where whitelabel applies.
    static func resolve<Found>(
        kind: WorkspaceKind, tier: Tier, clientLogo: () async throws -> Found?,
        organisationLogo: () async throws -> Found?
    ) async throws -> (found: Found, isClient: Bool)? {
        if LogoRule.showsClientLogo(kind: kind, tier: tier, hasLogo: true), let found = try await clientLogo() {
            return (found, true)
        }
        guard let found = try await organisationLogo() else { return nil }
        return (found, false)
    }

    // MARK: Emails

    /// The brand of a workspace's emails, decided in one statement that reads whether the logos
    /// exist, never their bytes. Named as the portal names it: the client under whitelabel,
    /// otherwise the organisation. nil without any logo: the email stays Steward's own.
    static func email(workspace id: UUID, on db: any Database) async throws -> EmailBrand? {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                SELECT w.kind AS kind, w.name AS name, w.org_id AS org_id, w.client_org_name AS client_org_name,
                  o.name AS org_name, ba.tier AS tier,
                  (SELECT COUNT(*) FROM workspace_logos wl WHERE wl.workspace_id = w.id) AS client_logos,
                  (SELECT COUNT(*) FROM org_logos ol WHERE ol.org_id = w.org_id) AS org_logos
                FROM workspaces w JOIN orgs o ON o.id = w.org_id
                LEFT JOIN billing_accounts ba ON ba.id = w.billing_account_id
                WHERE w.id = \(bind: id)
                """
            ).first()
        else { return nil }
        let orgID = try row.decode(column: "org_id", as: UUID.self)
        let kind = try WorkspaceKind(rawValue: row.decode(column: "kind", as: String.self)) ?? .internal
        let tier = try row.decode(column: "tier", as: String?.self).flatMap(Tier.init(rawValue:)) ?? .free
        let hasClientLogo = try row.decode(column: "client_logos", as: Int.self) > 0
        let hasOrgLogo = try row.decode(column: "org_logos", as: Int.self) > 0
        guard
            let shown = try await resolve(
                kind: kind, tier: tier,
                clientLogo: { () -> LogoSource? in hasClientLogo ? .workspace(id) : nil },
                organisationLogo: { () -> LogoSource? in hasOrgLogo ? .organisation(orgID) : nil })
        else { return nil }
        let name: String
        if shown.isClient {
            let clientName = try row.decode(column: "client_org_name", as: String?.self)
            name = try clientName ?? row.decode(column: "name", as: String.self)
        } else {
            name = try row.decode(column: "org_name", as: String.self)
        }
        return EmailBrand(name: name, logo: shown.found)
    }

    /// An organisation's emails carry its logo and name when it has a logo.
    static func email(org id: UUID, name: String, on db: any Database) async throws -> EmailBrand? {
        guard try await BrandingQueries.hasOrgLogo(id, on: db) else { return nil }
        return EmailBrand(name: name, logo: .organisation(id))
    }

    /// The brand of the emails about a place (its invites, additions, role changes, removals).
    static func email(for place: PlaceContext, on db: any Database) async throws -> EmailBrand? {
        switch place {
        case .org(let c): try await email(org: c.org.id.uuid, name: c.org.name, on: db)
        case .workspace(let c): try await email(workspace: c.workspace.id.uuid, on: db)
        }
    }

    /// A queued email's logo as it stands when the email goes out, in one statement: nil when it
    /// was removed since, or when a client's logo no longer shows (the workspace dropped below
    /// whitelabel or was handed over); the email then goes without it, its name still in the text.
    static func logo(_ source: LogoSource, on db: any Database) async throws -> Logo? {
        switch source {
        case .organisation(let id):
            return try await BrandingQueries.orgLogo(id, on: db)?.logo
        case .workspace(let id):
            guard let shown = try await BrandingQueries.workspaceLogoWithStanding(id, on: db),
                LogoRule.showsClientLogo(kind: shown.kind, tier: shown.tier, hasLogo: true)
            else { return nil }
            return shown.logo
        }
    }
}

extension WorkspaceLogoRow {
    var logo: Logo { Logo(contentType: contentType, data: data, uploadedAt: uploadedAt) }
}

extension OrgLogoRow {
    var logo: Logo { Logo(contentType: contentType, data: data, uploadedAt: uploadedAt) }
}
