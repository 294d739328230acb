import StewardCore
import StewardStore
import Vapor

// Plain view models: templates only loop and branch on these, never decide access themselves.

struct RoleOptionVM: Encodable {
    var value: String
    var label: String
    var summary: String
    var selected: Bool
}

extension RoleOptionVM {
    init(_ role: PlaceRole, selected: Bool) {
        self.init(value: role.rawValue, label: role.rawValue.capitalized, summary: role.summary, selected: selected)
    }
}

struct RoleBadgeVM: Encodable {
    var label: String
    /// Outside roles (external, observer) render grey.
    var outside: Bool
    var viaOrganisation: Bool
}

extension RoleBadgeVM {
    init(_ role: WorkspaceRole, source: AccessSource = .membership) {
        label = role.rawValue
        outside = role.isOutsideRole
        viaOrganisation = source == .organisation
    }
    init(_ role: OrgRole) {
        label = role.rawValue
        outside = false
        viaOrganisation = false
    }
    init(_ role: PlaceRole, source: AccessSource) {
        label = role.rawValue
        outside = role.isOutsideRole
        viaOrganisation = source == .organisation
    }
}

struct WorkspaceTabsVM: Encodable {
    var id: String
    var name: String
    var orgName: String
    var orgPath: String
    var active: String
    var role: RoleBadgeVM
    /// Only people in the organisation can open its page (outside roles would get a 404).
    var showOrgLink: Bool
    var showProjects: Bool
    var showSettings: Bool
    var showAudit: Bool
    /// Usage and, for those who read statements, the account's invoices.
    var showBilling: Bool
    var projectsPath: String
    var membersPath: String
    var settingsPath: String
    var auditPath: String
    var billingPath: String
    /// The workspace's branding: the client's logo under whitelabel, otherwise the organisation's.
    var logoPath: String?

    /// The header of a workspace page, with its branding logo when there is one.
    static func load(_ req: Request, _ ctx: WorkspaceContext, active: String) async throws -> WorkspaceTabsVM {
        var tabs = WorkspaceTabsVM(ctx, active: active)
        if try await req.services.partner.logo(ctx.workspace.id, by: ctx.user.id) != nil {
            tabs.logoPath = Paths.workspaceLogoShown(ctx.workspace.id)
        }
        return tabs
    }

    init(_ ctx: WorkspaceContext, active: String) {
        id = ctx.workspace.id.description
        name = ctx.workspace.name
        orgName = ctx.org.name
        orgPath = Paths.org(ctx.org.id)
        self.active = active
        role = RoleBadgeVM(ctx.role, source: ctx.access.source)
        showOrgLink = ctx.orgRole != nil
        showProjects = ctx.can(.viewProjects)
        showSettings = ctx.can(.changeSettings)
        showAudit = ctx.can(.viewAudit)
        showBilling = ctx.can(.viewUsage) || ctx.can(.viewInvoices)
        projectsPath = Paths.workspace(ctx.workspace.id)
        membersPath = Paths.workspaceMembers(ctx.workspace.id)
        settingsPath = Paths.workspaceSettings(ctx.workspace.id)
        auditPath = Paths.workspaceAudit(ctx.workspace.id)
        billingPath = Paths.workspaceBilling(ctx.workspace.id)
    }
}

struct AuditRowVM: Encodable {
    var when: String
    var actor: String
    var action: String
    var target: String
    var change: String

    init(_ e: AuditEvent) {
        when = Format.dateTime(e.createdAt)
        actor = e.actor.map { "\($0.name) (\($0.email))" } ?? "Steward"
        action = e.action.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: ".", with: ": ")
        target = e.targetLabel ?? e.targetID ?? e.targetType
        switch (e.before, e.after) {
        case let (b?, a?): change = "\(b) → \(a)"
        case let (b?, nil): change = "was \(b)"
        case let (nil, a?): change = a
        default: change = ""
        }
    }
}

enum Format {
    static func dateTime(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "d MMM yyyy, HH:mm 'UTC'"
        return f.string(from: date)
    }

    static func date(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "d MMM yyyy"
        return f.string(from: date)
    }
}
