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

    static func deleteWorkspaceLogo(_ workspace: UUID, on db: any Database) async throws {
        try await WorkspaceLogoRow.query(on: db).filter(\.$workspaceID == workspace).delete()
    }

    static func deleteOrgLogo(_ org: UUID, on db: any Database) async throws {
        try await OrgLogoRow.query(on: db).filter(\.$orgID == org).delete()
    }
}
