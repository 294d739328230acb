import Foundation
import StewardCore
import StewardStore
import Vapor

/// Your workspaces, and one workspace: its page, projects, settings and audit log.
struct WorkspacesWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        web.on(.home, use: home)
        app.on(.workspaces, use: workspaces)
        app.on(.workspace, use: workspacePage)
        app.on(.createProject, use: createProject)
        app.on(.workspaceSettings, use: settingsPage)
        app.on(.updateWorkspaceSettings, use: updateSettings)
        app.on(.workspaceAudit, use: workspaceAuditPage)
    }

    func home(req: Request) async throws -> Response {
        req.redirect(to: req.currentUser == nil ? Paths.login() : Paths.workspaces)
    }

    func workspaces(req: Request) async throws -> Response {
        let userID = try req.userID
        let page = try req.webPage()
        let orgs = try await req.services.orgs.mine(userID)
        let listed = try await req.services.workspaces.mine(userID, page: page)
        let mine = listed.items
        let email = req.currentUser?.user.email ?? ""
        let verified = req.currentUser?.user.emailVerified ?? false
        var groups: [WorkspacesVM.Group] = []
        // The first page also lists organisations with no workspace of yours yet.
        var orgOrder: [OrgID] = page.after == nil ? orgs.map(\.org.id) : []
        for item in mine where !orgOrder.contains(item.org.id) { orgOrder.append(item.org.id) }
        for orgID in orgOrder {
            let items = mine.filter { $0.org.id == orgID }
            let orgEntry = orgs.first { $0.org.id == orgID }
            let name = orgEntry?.org.name ?? items.first?.org.name ?? ""
            groups.append(
                .init(
                    orgName: name, orgPath: orgEntry == nil ? "" : Paths.org(orgID), orgRole: orgEntry?.role.rawValue,
                    canCreateWorkspace: Access.can(orgEntry?.role, .createWorkspaces),
                    workspaces: items.map {
                        .init(
                            name: $0.workspace.name, path: Paths.workspace($0.workspace.id),
                            role: RoleBadgeVM($0.access.role, source: $0.access.source),
                            visibility: $0.workspace.visibility.displayName,
                            kind: $0.workspace.kind == .externalClient ? "External client" : "Internal",
                            isDataOwner: PartnerRule.isDataOwner(
                                userEmail: email, emailVerified: verified, dataOwnerEmail: $0.workspace.dataOwner?.email
                            ))
                    }))
        }
        return try await req.page(
            "workspaces", title: "Your workspaces",
            WorkspacesVM(
                groups: groups, isEmpty: groups.isEmpty && page.after == nil,
                pager: PagerVM(req, next: listed.next, label: "More workspaces"), newOrgPath: Paths.orgsNew,
                invitations: try await InvitationFlow.myInvitations(req)))
    }

    func workspacePage(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let ctx = try await req.services.workspaces.context(id, user: try req.userID)
        var projects = ListPage<Project>(items: [], next: nil)
        if ctx.can(.viewProjects) {
            projects = try await req.services.work.projects(in: id, page: try req.webPage(), by: try req.userID).1
        }
        var usage: UsageVM?
        if ctx.can(.viewUsage) {
            let u = try await req.services.workspaces.usage(id, by: try req.userID)
            usage = UsageVM(
                seatsUsed: u.seatsUsed, observers: u.observers, projects: u.projects, conversations: u.conversations,
                tier: u.tier.displayName,
                byRole: WorkspaceRole.allCases.reversed().compactMap { role in
                    u.byRole[role].map { .init(role: role.rawValue.capitalized, count: $0) }
                })
        }
        return try await req.page(
            "workspace", title: ctx.workspace.name,
            WorkspacePageVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"),
                canViewProjects: ctx.can(.viewProjects),
                canCreateProjects: ctx.can(.createProjects),
                projects: projects.items.map {
                    .init(
                        name: $0.name, description: $0.description, path: Paths.project($0.id),
                        created: Format.date($0.createdAt))
                }, projectsPager: PagerVM(req, next: projects.next, label: "Older projects"),
                createPath: Paths.workspace(id) + "/projects", usage: usage))
    }

    func createProject(req: Request) async throws -> Response {
        let form = try req.form(NameForm.self)
        let project = try await req.services.work.createProject(
            in: try req.id("id", "That workspace"), name: form.name, description: form.description, by: try req.userID)
        return req.see(Paths.project(project.id), notice: "Project “\(project.name)” created.")
    }

    func settingsPage(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let ctx = try await req.services.workspaces.context(id, user: try req.userID)
        try ctx.require(.changeSettings)
        let canRestrict = ctx.can(.restrictVisibility)
        return try await req.page(
            "settings", title: "Settings of \(ctx.workspace.name)",
            SettingsVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "settings"), name: ctx.workspace.name,
                savePath: Paths.workspaceSettings(id),
                visibilityOptions: Visibility.allCases.filter {
                    canRestrict || !$0.needsRestrictVisibility || $0 == ctx.workspace.visibility
                }.map {
                    RoleOptionVM(
                        value: $0.rawValue, label: $0.displayName, summary: "", selected: $0 == ctx.workspace.visibility
                    )
                }, canRestrict: canRestrict, tier: ctx.tier.displayName,
                partner: try await PartnerWebController.settingsSection(req, ctx)))
    }

    func updateSettings(req: Request) async throws -> Response {
        let form = try req.form(NameForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        _ = try await req.services.workspaces.update(
            id, name: form.name, visibility: form.visibility, by: try req.userID)
        return req.see(Paths.workspaceSettings(id), notice: "Settings saved.")
    }

    func workspaceAuditPage(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let ctx = try await req.services.workspaces.context(id, user: try req.userID)
        let (limit, before) = try req.auditPageQuery()
        let events = try await req.services.workspaces.audit(id, by: try req.userID, limit: limit + 1, before: before)
        return try await req.page(
            "audit", title: "Audit log",
            AuditPageVM(
                req, tabs: try await WorkspaceTabsVM.load(req, ctx, active: "audit"), heading: "Audit log",
                backPath: Paths.workspace(id), fetched: events, limit: limit))
    }
}
