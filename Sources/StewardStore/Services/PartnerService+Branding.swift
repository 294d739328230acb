import FluentKit
import Foundation
import StewardCore

/// Whitelabel and organisation logos (Changemaker and above).
extension PartnerService {
    public func putLogo(_ id: WorkspaceID, bytes: [UInt8], by actor: UserID) async throws -> Logo {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try LogoRule.checkUpload(kind: ctx.workspace.kind, role: ctx.role, tier: ctx.tier)
        let format = try LogoRule.validate(bytes)
        let now = env.clock.now()
        try await db.transaction { tx in
            let row = try await BrandingQueries.workspaceLogo(id.uuid, on: tx) ?? WorkspaceLogoRow()
            let replacing = row.id != nil
            row.workspaceID = id.uuid
            row.contentType = format.rawValue
            row.data = Data(bytes)
            row.uploadedBy = actor.uuid
            row.uploadedAt = now
            try await row.save(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                replacing ? "workspace.logo_replaced" : "workspace.logo_uploaded", actor: actor, org: ctx.org.id.uuid,
                workspace: id.uuid, target: .init(type: "workspace", id: id.description, label: ctx.workspace.name),
                after: "\(format.rawValue), \(bytes.count) bytes")
        }
        return Logo(contentType: format.rawValue, data: Data(bytes), uploadedAt: now)
    }

    public func deleteLogo(_ id: WorkspaceID, by actor: UserID) async throws {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.changeSettings)
        try await db.transaction { tx in
            try await BrandingQueries.deleteWorkspaceLogo(id.uuid, on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "workspace.logo_removed", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid,
                target: .init(type: "workspace", id: id.description, label: ctx.workspace.name))
        }
    }

    /// The logo people in the workspace see, if whitelabel applies at the current tier.
    public func logo(_ id: WorkspaceID, by actor: UserID) async throws -> Logo? {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        return try await shownLogo(ctx.workspace, tier: ctx.tier)
    }

    /// The stored logo whatever the tier (for the settings page: "kept, returns on upgrade").
    public func storedLogo(_ id: WorkspaceID, by actor: UserID) async throws -> Logo? {
        _ = try await Load.workspaceContext(id, user: actor, on: db)
        return try await BrandingQueries.workspaceLogo(id.uuid, on: db).map {
            Logo(contentType: $0.contentType, data: $0.data, uploadedAt: $0.uploadedAt)
        }
    }

    /// The branding a workspace shows: the client's logo where whitelabel applies, otherwise the
    /// organisation's own logo (internal workspaces inherit it), otherwise none.
    func shownLogo(_ workspace: Workspace, tier: Tier) async throws -> Logo? {
        try await brand(workspace, tier: tier)?.logo
    }

    /// Emails follow the same rule (`Branding.email`), reading only whether the logos exist.
    func brand(_ workspace: Workspace, tier: Tier) async throws -> (logo: Logo, isClient: Bool)? {
        guard
            let shown = try await Branding.resolve(
                kind: workspace.kind, tier: tier,
                clientLogo: { () async throws -> Logo? in
                    try await BrandingQueries.workspaceLogo(workspace.id.uuid, on: db)?.logo
                },
                organisationLogo: { () async throws -> Logo? in
                    try await BrandingQueries.orgLogo(workspace.orgID.uuid, on: db)?.logo
                })
        else { return nil }
        return (shown.found, shown.isClient)
    }

    /// Org owners/admins set the organisation's logo (PNG, JPEG or WebP, at most 1 MB).
    public func putOrgLogo(_ id: OrgID, bytes: [UInt8], by actor: UserID) async throws -> Logo {
        let ctx = try await Load.orgContext(id, user: actor, on: db)
        try Access.require(ctx.role, .changeSettings)
        let format = try LogoRule.validate(bytes)
        let now = env.clock.now()
        try await db.transaction { tx in
            let row = try await BrandingQueries.orgLogo(id.uuid, on: tx) ?? OrgLogoRow()
            let replacing = row.id != nil
            row.orgID = id.uuid
            row.contentType = format.rawValue
            row.data = Data(bytes)
            row.uploadedBy = actor.uuid
            row.uploadedAt = now
            try await row.save(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                replacing ? "org.logo_replaced" : "org.logo_uploaded", actor: actor, org: id.uuid, workspace: nil,
                target: .init(type: "org", id: id.description, label: ctx.org.name),
                after: "\(format.rawValue), \(bytes.count) bytes")
        }
        return Logo(contentType: format.rawValue, data: Data(bytes), uploadedAt: now)
    }

    public func orgLogo(_ id: OrgID, by actor: UserID) async throws -> Logo? {
        _ = try await Load.orgContext(id, user: actor, on: db)
        return try await BrandingQueries.orgLogo(id.uuid, on: db).map {
            Logo(contentType: $0.contentType, data: $0.data, uploadedAt: $0.uploadedAt)
        }
    }

    public func deleteOrgLogo(_ id: OrgID, by actor: UserID) async throws {
        let ctx = try await Load.orgContext(id, user: actor, on: db)
        try Access.require(ctx.role, .changeSettings)
        try await db.transaction { tx in
            try await BrandingQueries.deleteOrgLogo(id.uuid, on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "org.logo_removed", actor: actor, org: id.uuid, workspace: nil,
                target: .init(type: "org", id: id.description, label: ctx.org.name))
        }
    }
}
