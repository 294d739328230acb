import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The logos stored for workspaces (a client's whitelabel) and organisations (what their internal
/// workspaces inherit).
enum BrandingQueries {
    static func workspaceLogo(_ workspace: UUID, on db: any Database) async throws -> WorkspaceLogoRow? {
        try await WorkspaceLogoRow.query(on: db).filter(\.$workspaceID == workspace).first()
    }

    static func orgLogo(_ org: UUID, on db: any Database) async throws -> OrgLogoRow? {
        try await OrgLogoRow.query(on: db).filter(\.$orgID == org).first()
    }

    /// Whether the organisation has a logo, without reading the image.
    static func hasOrgLogo(_ org: UUID, on db: any Database) async throws -> Bool {
        try await OrgLogoRow.query(on: db).filter(\.$orgID == org).count() > 0
    }

    /// A workspace's logo with what decides whether it shows (the workspace's kind and its
    /// account's tier), in one statement.
    static func workspaceLogoWithStanding(_ workspace: UUID, on db: any Database) async throws
        -> (logo: Logo, kind: WorkspaceKind, tier: Tier)?
    {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.raw(
                """
                SELECT l.content_type AS content_type, l.data AS data, l.uploaded_at AS uploaded_at,
                  w.kind AS kind, ba.tier AS tier
                FROM workspace_logos l JOIN workspaces w ON w.id = l.workspace_id
                LEFT JOIN billing_accounts ba ON ba.id = w.billing_account_id
                WHERE l.workspace_id = \(bind: workspace)
                """
            ).first()
        else { return nil }
        let logo = Logo(
            contentType: try row.decode(column: "content_type", as: String.self),
            data: try row.decode(column: "data", as: Data.self),
            uploadedAt: try row.decode(column: "uploaded_at", as: Date.self))
        let kind = try WorkspaceKind(rawValue: row.decode(column: "kind", as: String.self)) ?? .internal
        let tier = try row.decode(column: "tier", as: String?.self).flatMap(Tier.init(rawValue:)) ?? .free
        return (logo, kind, tier)
    }

    static func deleteWorkspaceLogo(_ workspace: UUID, on db: any Database) async throws {
        try await WorkspaceLogoRow.query(on: db).filter(\.$workspaceID == workspace).delete()
    }

    static func deleteOrgLogo(_ org: UUID, on db: any Database) async throws {
        try await OrgLogoRow.query(on: db).filter(\.$orgID == org).delete()
    }
}
