import StewardCore
import StewardStore
import Vapor

/// Server-rendered pages. They call the same services as the API; what a role cannot do is
/// hidden here and refused by the service anyway.
struct WebController {
    func register(_ routes: any RoutesBuilder) {
        let web = routes.grouped(SessionAuthMiddleware(), CSRFMiddleware(), DeviceCookieMiddleware())
        web.get(use: home)
        SignInWebController().register(web: web)

        let app = web.grouped(RequireSignInMiddleware())
        app.get("workspaces", use: workspaces)
        app.get("orgs", "new", use: newOrgPage)
        app.post("orgs", use: createOrg)
        app.get("orgs", ":orgId", use: orgPage)
        app.post("orgs", ":orgId", use: renameOrg)
        app.post("orgs", ":orgId", "workspaces", use: createWorkspace)
        app.get("orgs", ":orgId", "members", use: orgMembersPage)
        app.post("orgs", ":orgId", "members", use: addOrgMembers)
        app.post("orgs", ":orgId", "members", ":userId", "role", use: changeOrgRole)
        app.post("orgs", ":orgId", "members", ":userId", "remove", use: removeOrgMember)
        app.get("orgs", ":orgId", "audit", use: orgAuditPage)

        app.get("w", ":id", use: workspacePage)
        app.post("w", ":id", "projects", use: createProject)
        app.get("w", ":id", "members", use: workspaceMembersPage)
        app.post("w", ":id", "members", use: addWorkspaceMembers)
        app.post("w", ":id", "members", ":userId", "role", use: changeWorkspaceRole)
        app.post("w", ":id", "members", ":userId", "remove", use: removeWorkspaceMember)
        app.get("w", ":id", "settings", use: settingsPage)
        app.post("w", ":id", "settings", use: updateSettings)
        app.get("w", ":id", "audit", use: workspaceAuditPage)

        app.get("projects", ":id", use: projectPage)
        app.get("projects", ":id", "edit", use: editProjectPage)
        app.post("projects", ":id", "edit", use: editProject)
        app.post("projects", ":id", "delete", use: deleteProject)
        app.post("projects", ":id", "conversations", use: recordConversation)
        app.post("projects", ":id", "reports", use: buildReport)
        app.post("projects", ":id", "ask", use: ask)
        app.get("conversations", ":id", use: conversationPage)
        app.post("conversations", ":id", "delete", use: deleteConversation)
        app.get("reports", ":id", use: reportPage)
        app.post("reports", ":id", "publish", use: publishReport)
        app.post("reports", ":id", "delete", use: deleteReport)

        InviteWebController().register(web: web, signedIn: app)
        PartnerWebController().register(web: web, signedIn: app)
        StaffWebController().register(signedIn: app)
        BillingWebController().register(signedIn: app)
        AccountWebController().register(web: web, signedIn: app)
    }

    // MARK: Signing in

    func home(req: Request) async throws -> Response {
        req.redirect(to: req.currentUser == nil ? Paths.login() : Paths.workspaces)
    }

    // MARK: Workspaces and organisations

    struct WorkspacesVM: Encodable {
        struct Item: Encodable {
            var name: String
            var path: String
            var role: RoleBadgeVM
            var visibility: String
            var kind: String
            /// The signed-in person is this external-client workspace's data owner.
            var isDataOwner: Bool
        }
        struct Group: Encodable {
            var orgName: String
            var orgPath: String
            var orgRole: String?
            var canCreateWorkspace: Bool
            var workspaces: [Item]
        }
        var groups: [Group]
        var isEmpty: Bool
        var pager: PagerVM
        var newOrgPath: String
        /// Live invites addressed to this person.
        var invitations: [MyInvitationVM]
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
                invitations: try await InviteWebController.myInvitations(req)))
    }

    struct NewOrgVM: Encodable { var firstOrganisation: Bool }

    func newOrgPage(req: Request) async throws -> Response {
        let orgs = try await req.services.orgs.mine(try req.userID)
        return try await req.page("org_new", title: "New organisation", NewOrgVM(firstOrganisation: orgs.isEmpty))
    }

    struct NameForm: Content {
        var name: String?
        var visibility: String?
        var description: String?
    }

    func createOrg(req: Request) async throws -> Response {
        let form = try req.form(NameForm.self)
        let ctx = try await req.services.orgs.create(name: form.name, by: try req.userID)
        return req.see(Paths.org(ctx.org.id), notice: "Organisation “\(ctx.org.name)” created. Add a first workspace.")
    }

    struct OrgPageVM: Encodable {
        var id: String
        var name: String
        var role: RoleBadgeVM
        /// Every workspace this person may know about, with what they can do about it.
        var workspaces: [DiscoveryItemVM]
        var workspacesPager: PagerVM
        var canCreateWorkspace: Bool
        var canRename: Bool
        var canRestrictVisibility: Bool
        var tier: String
        var membersPath: String
        var auditPath: String
        var showAudit: Bool
        var createWorkspacePath: String
        var renamePath: String
        var visibilityOptions: [RoleOptionVM]
        var showOverview: Bool
        var overviewPath: String
        /// Internal workspaces need org owner/admin; the external-client kind also opens to
        /// owners/admins of the partner organisation's workspaces.
        var canCreateInternal: Bool
        var mayCreateExternalClient: Bool
        /// The partner's referral deals, for roles that view billing (read-only).
        var showDeals: Bool
        var deals: [PartnerWebController.DealRowVM]
        /// Org owners/admins/billing see the organisation's billing accounts.
        var showBilling: Bool
        var billingPath: String
        /// The organisation's logo: the branding its internal workspaces inherit.
        var logoPath: String?
        var logoUploadPath: String
        var logoDeletePath: String
        /// The owner's two-factor requirement control (NOTES §12).
        var security: SecurityVM?

        struct SecurityVM: Encodable {
            var required: Bool
            var path: String
            /// The owner's own two-factor is on: required before they can require it of others.
            var ownerHasTwoFactor: Bool
            var accountPath = Paths.account
        }
    }

    func orgPage(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let ctx = try await req.services.orgs.context(orgID, user: try req.userID)
        let items = try await InviteWebController.discoveryItems(req, org: orgID)
        let restrict = Access.can(.owner, .restrictVisibility, tier: ctx.tier)
        let mayCreateExternal = try await req.services.partner.mayCreateExternalClient(in: orgID, by: try req.userID)
        let showDeals = ctx.org.isPartner && ctx.can(.viewBilling)
        let deals =
            showDeals
            ? try await req.services.staff.deals(ofPartner: orgID, by: try req.userID).map(
                PartnerWebController.DealRowVM.init) : []
        return try await req.page(
            "org", title: ctx.org.name,
            OrgPageVM(
                id: orgID.description, name: ctx.org.name, role: RoleBadgeVM(ctx.role),
                workspaces: items.items, workspacesPager: PagerVM(req, next: items.next, label: "More workspaces"),
                canCreateWorkspace: ctx.can(.createWorkspaces) || mayCreateExternal,
                canRename: ctx.can(.changeSettings),
                canRestrictVisibility: restrict, tier: ctx.tier.displayName, membersPath: Paths.orgMembers(orgID),
                auditPath: Paths.orgAudit(orgID), showAudit: ctx.can(.viewAudit),
                createWorkspacePath: Paths.org(orgID) + "/workspaces", renamePath: Paths.org(orgID),
                visibilityOptions: Visibility.allCases.filter { restrict || !$0.needsRestrictVisibility }.map {
                    RoleOptionVM(value: $0.rawValue, label: $0.displayName, summary: "", selected: $0 == .open)
                }, showOverview: ctx.can(.viewOverview), overviewPath: Paths.orgOverview(orgID),
                canCreateInternal: ctx.can(.createWorkspaces), mayCreateExternalClient: mayCreateExternal,
                showDeals: showDeals, deals: deals, showBilling: ctx.can(.viewBilling),
                billingPath: Paths.orgBilling(orgID),
                logoPath: try await req.services.partner.orgLogo(orgID, by: try req.userID) == nil
                    ? nil : "/orgs/\(orgID)/logo",
                logoUploadPath: "/orgs/\(orgID)/logo", logoDeletePath: "/orgs/\(orgID)/logo/delete",
                security: ctx.can(.requireTwoFactor)
                    ? .init(
                        required: ctx.org.requiresTwoFactor, path: Paths.orgTwoFactorRequirement(orgID),
                        ownerHasTwoFactor: ctx.user.twoFactorEnabled) : nil))
    }

    func renameOrg(req: Request) async throws -> Response {
        let form = try req.form(NameForm.self)
        let ctx = try await req.services.orgs.rename(
            try req.id("orgId", "That organisation"), name: form.name, by: try req.userID)
        return req.see(Paths.org(ctx.org.id), notice: "Organisation renamed.")
    }

    struct CreateWorkspaceForm: Content {
        var name: String?
        var visibility: String?
        /// "Is this for an external client?" and its three fields.
        var externalClient: String?
        var clientOrgName: String?
        var dataOwnerEmail: String?
        var partnerAgreementAccepted: String?
    }

    func createWorkspace(req: Request) async throws -> Response {
        let form = try req.form(CreateWorkspaceForm.self)
        let ticked = { (value: String?) in value.map { !$0.isEmpty && $0 != "false" } ?? false }
        let external =
            ticked(form.externalClient)
            ? ExternalClientFields(
                clientOrgName: form.clientOrgName, dataOwnerEmail: form.dataOwnerEmail,
                partnerAgreementAccepted: ticked(form.partnerAgreementAccepted)) : nil
        let ctx = try await req.services.workspaces.create(
            in: try req.id("orgId", "That organisation"), name: form.name, visibility: form.visibility,
            externalClient: external, by: try req.userID)
        return req.see(Paths.workspace(ctx.workspace.id), notice: "Workspace “\(ctx.workspace.name)” created.")
    }

    struct MemberRowVM: Encodable {
        var name: String
        var email: String
        var role: RoleBadgeVM
        var paidSeat: Bool
        var isYou: Bool
        var canChange: Bool
        var canRemove: Bool
        var roleOptions: [RoleOptionVM]
        var rolePath: String
        var removePath: String
        /// The organisation requires two-factor and this person has not turned it on (shown to
        /// those who manage members).
        var lacksTwoFactor = false
    }

    struct MembersPageVM: Encodable {
        var tabs: WorkspaceTabsVM?
        var orgName: String
        var orgPath: String
        var scopeLabel: String
        var members: [MemberRowVM]
        var membersPager: PagerVM
        var canManage: Bool
        /// The invite dialog, pending invites, links and access requests (managers only).
        var invites: InviteSectionsVM?
        var leavePath: String?
        /// Seats of the billing account (people once, pending paid invites reserved), when the
        /// person may see usage or manage members.
        var seatLine: String?
        /// The organisation requires two-factor sign-in (NOTES §12).
        var requiresTwoFactor = false
    }

    func orgMembersPage(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let userID = try req.userID
        let ctx = try await req.services.orgs.context(orgID, user: userID)
        let members = try await req.services.orgs.members(orgID, page: try req.webPage(), by: userID)
        let canManage = ctx.can(.manageMembers)
        let assignable = GrantRule.assignableRoles(by: ctx.role)
        let rows = members.items.map { m in
            let canAct = canManage && m.user.id != userID && !m.role.isAbove(ctx.role)
            return MemberRowVM(
                name: m.user.name, email: m.user.email, role: RoleBadgeVM(m.role), paidSeat: false,
                isYou: m.user.id == userID, canChange: canAct, canRemove: canAct,
                roleOptions: assignable.map {
                    RoleOptionVM(
                        value: $0.rawValue, label: $0.rawValue.capitalized, summary: $0.summary, selected: $0 == m.role)
                },
                rolePath: Paths.orgMembers(orgID) + "/\(m.user.id)/role",
                removePath: Paths.orgMembers(orgID) + "/\(m.user.id)/remove",
                lacksTwoFactor: ctx.org.requiresTwoFactor && m.twoFactorShown == false)
        }
        return try await req.page(
            "members", title: "Members of \(ctx.org.name)",
            MembersPageVM(
                tabs: nil, orgName: ctx.org.name, orgPath: Paths.org(orgID), scopeLabel: "organisation", members: rows,
                membersPager: PagerVM(req, next: members.next, label: "More members"), canManage: canManage,
                invites: try await InviteWebController.orgSections(req, ctx),
                leavePath: Paths.orgMembers(orgID) + "/\(userID)/remove", seatLine: nil,
                requiresTwoFactor: ctx.org.requiresTwoFactor))
    }

    struct AddForm: Content {
        var emails: String?
        var role: String?
    }

    func addOrgMembers(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let results = try await req.services.invites.inviteToOrg(
            orgID, emails: [InviteWebController.addressField(form.emails)], role: form.role, by: try req.userID)
        return try await InviteWebController.showResults(req, path: Paths.orgMembers(orgID), results) {
            try await WebController().orgMembersPage(req: $0)
        }
    }

    func changeOrgRole(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let member = try await req.services.orgs.changeRole(
            orgID, member: try req.id("userId", "That member"), to: form.role, by: try req.userID)
        return req.see(Paths.orgMembers(orgID), notice: "\(member.user.name) is now \(member.role.rawValue).")
    }

    func removeOrgMember(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let target: UserID = try req.id("userId", "That member")
        try await req.services.orgs.remove(orgID, member: target, by: try req.userID)
        if target == (try req.userID) { return req.see(Paths.workspaces, notice: "You left the organisation.") }
        return req.see(Paths.orgMembers(orgID), notice: "Member removed.")
    }

    struct AuditPageVM: Encodable {
        var tabs: WorkspaceTabsVM?
        var heading: String
        var backPath: String
        var events: [AuditRowVM]
        var pager: PagerVM

        /// From events fetched with one extra (`limit + 1`).
        init(
            _ req: Request, tabs: WorkspaceTabsVM?, heading: String, backPath: String, fetched: [AuditEvent], limit: Int
        ) {
            let page = ListPage(fetched: fetched, limit: limit) { PageCursor([String($0.sequence)]) }
            self.tabs = tabs
            self.heading = heading
            self.backPath = backPath
            events = page.items.map(AuditRowVM.init)
            pager = PagerVM(req, next: page.next, label: "Older events")
        }
    }

    func orgAuditPage(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let ctx = try await req.services.orgs.context(orgID, user: try req.userID)
        let (limit, before) = try req.auditPageQuery()
        let events = try await req.services.orgs.audit(orgID, by: try req.userID, limit: limit + 1, before: before)
        return try await req.page(
            "audit", title: "Audit log",
            AuditPageVM(
                req, tabs: nil, heading: "Audit log of \(ctx.org.name)", backPath: Paths.org(orgID), fetched: events,
                limit: limit))
    }

    // MARK: One workspace

    struct WorkspacePageVM: Encodable {
        struct ProjectItem: Encodable {
            var name: String
            var description: String
            var path: String
            var created: String
        }
        var tabs: WorkspaceTabsVM
        var canViewProjects: Bool
        var canCreateProjects: Bool
        var projects: [ProjectItem]
        var projectsPager: PagerVM
        var createPath: String
        var usage: UsageVM?
    }

    struct UsageVM: Encodable {
        struct RoleCount: Encodable {
            var role: String
            var count: Int
        }
        var seatsUsed: Int
        var observers: Int
        var projects: Int
        var conversations: Int
        var tier: String
        var byRole: [RoleCount]
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

    func workspaceMembersPage(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let userID = try req.userID
        let ctx = try await req.services.workspaces.context(id, user: userID)
        let members = try await req.services.workspaces.members(id, page: try req.webPage(), by: userID)
        let canManage = ctx.can(.manageMembers)
        let assignable = GrantRule.assignableRoles(by: ctx.role).filter {
            $0 != .observer || ctx.workspace.kind == .externalClient
        }
        let rows = members.items.map { m in
            let canAct = canManage && m.user.id != userID && !m.role.isAbove(ctx.role)
            return MemberRowVM(
                name: m.user.name, email: m.user.email, role: RoleBadgeVM(m.role, source: m.source),
                paidSeat: m.paidSeat, isYou: m.user.id == userID, canChange: canAct, canRemove: canAct,
                // Outside and inside roles don't turn into each other by a role change (NOTES §4),
                // so each row offers only its own side.
                roleOptions: assignable.filter { $0.isOutsideRole == m.role.isOutsideRole }.map {
                    RoleOptionVM(
                        value: $0.rawValue, label: $0.rawValue.capitalized, summary: $0.summary, selected: $0 == m.role)
                },
                rolePath: Paths.workspaceMembers(id) + "/\(m.user.id)/role",
                removePath: Paths.workspaceMembers(id) + "/\(m.user.id)/remove",
                lacksTwoFactor: ctx.org.requiresTwoFactor && m.twoFactorShown == false)
        }
        var seatLine: String?
        if ctx.can(.viewUsage) || canManage {
            let seats = try await req.services.access.seats(id, by: userID)
            seatLine =
                "Seats on the billing account: \(seats.seatsUsed) in use"
                + (seats.pendingSeats > 0 ? " + \(seats.pendingSeats) reserved by pending invites" : "")
                + " · observers are free"
        }
        return try await req.page(
            "members", title: "Members of \(ctx.workspace.name)",
            MembersPageVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "members"), orgName: ctx.org.name,
                orgPath: Paths.org(ctx.org.id),
                scopeLabel: "workspace", members: rows,
                membersPager: PagerVM(req, next: members.next, label: "More members"), canManage: canManage,
                invites: try await InviteWebController.workspaceSections(req, ctx),
                leavePath: Paths.workspaceMembers(id) + "/\(userID)/remove", seatLine: seatLine,
                requiresTwoFactor: ctx.org.requiresTwoFactor))
    }

    func addWorkspaceMembers(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        let results = try await req.services.invites.inviteToWorkspace(
            id, emails: [InviteWebController.addressField(form.emails)], role: form.role, by: try req.userID)
        return try await InviteWebController.showResults(req, path: Paths.workspaceMembers(id), results) {
            try await WebController().workspaceMembersPage(req: $0)
        }
    }

    func changeWorkspaceRole(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        let member = try await req.services.workspaces.changeRole(
            id, member: try req.id("userId", "That member"), to: form.role, by: try req.userID)
        return req.see(Paths.workspaceMembers(id), notice: "\(member.user.name) is now \(member.role.rawValue).")
    }

    func removeWorkspaceMember(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let target: UserID = try req.id("userId", "That member")
        try await req.services.workspaces.remove(id, member: target, by: try req.userID)
        if target == (try req.userID) { return req.see(Paths.workspaces, notice: "You left the workspace.") }
        return req.see(Paths.workspaceMembers(id), notice: "Member removed.")
    }

    struct SettingsVM: Encodable {
        var tabs: WorkspaceTabsVM
        var name: String
        var savePath: String
        var visibilityOptions: [RoleOptionVM]
        var canRestrict: Bool
        var tier: String
        var partner: PartnerWebController.SettingsSectionVM
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

    // MARK: Projects and the work

    struct ProjectPageVM: Encodable {
        struct ConversationItem: Encodable {
            var participantName: String
            var excerpt: String
            var path: String
            var created: String
        }
        struct ReportItem: Encodable {
            var title: String
            var published: Bool
            var path: String
            var created: String
        }
        var tabs: WorkspaceTabsVM
        var id: String
        var name: String
        var description: String
        var canEdit: Bool
        var canDelete: Bool
        var canReadConversations: Bool
        var canRecord: Bool
        var canViewReports: Bool
        var canBuildReports: Bool
        var canAsk: Bool
        var conversations: [ConversationItem]
        var conversationsPager: PagerVM
        var reports: [ReportItem]
        var reportsPager: PagerVM
        var editPath: String
        var deletePath: String
        var recordPath: String
        var buildPath: String
        var askPath: String
        var portalPath: String
        var portalURL: String
        var canMove: Bool
        var moveTargets: [PartnerWebController.MoveTargetVM]
        var movePath: String
    }

    func projectPage(req: Request) async throws -> Response {
        let id: ProjectID = try req.id("id", "That project")
        let userID = try req.userID
        let (ctx, project) = try await req.services.work.viewProject(id, by: userID)
        let none = ListPage<Conversation>(items: [], next: nil)
        let conversations =
            ctx.can(.readConversations)
            ? try await req.services.work.conversations(in: id, page: try req.webPage(), by: userID) : none
        let reports =
            ctx.can(.viewReports)
            ? try await req.services.work.reports(in: id, page: try req.webPage("reports"), by: userID)
            : ListPage(items: [], next: nil)
        return try await req.page(
            "project", title: project.name,
            ProjectPageVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), id: id.description,
                name: project.name,
                description: project.description, canEdit: ctx.can(.editProjects), canDelete: ctx.can(.deleteProjects),
                canReadConversations: ctx.can(.readConversations), canRecord: ctx.can(.recordConversations),
                canViewReports: ctx.can(.viewReports), canBuildReports: ctx.can(.buildReports), canAsk: ctx.can(.ask),
                conversations: conversations.items.map {
                    .init(
                        participantName: $0.participantName, excerpt: TextAnalysis.clip($0.text, to: 160),
                        path: Paths.conversation($0.id), created: Format.dateTime($0.createdAt))
                },
                conversationsPager: PagerVM(req, next: conversations.next, label: "Older conversations"),
                reports: reports.items.map {
                    .init(
                        title: "Report of \(Format.dateTime($0.createdAt))", published: $0.status == .published,
                        path: Paths.report($0.id), created: Format.dateTime($0.createdAt))
                },
                reportsPager: PagerVM(req, param: "reports", next: reports.next, label: "Older reports"),
                editPath: Paths.projectEdit(id), deletePath: Paths.project(id) + "/delete",
                recordPath: Paths.project(id) + "/conversations", buildPath: Paths.project(id) + "/reports",
                askPath: Paths.project(id) + "/ask", portalPath: Paths.portal(id),
                portalURL: req.application.stewardConfig.baseURL + Paths.portal(id),
                canMove: ctx.can(.moveProjects)
                    && (try? PartnerRule.checkProjectMove(sourceKind: ctx.workspace.kind)) != nil,
                moveTargets: try await PartnerWebController.moveTargets(req, from: ctx), movePath: Paths.projectMove(id)
            ))
    }

    struct EditProjectVM: Encodable {
        var tabs: WorkspaceTabsVM
        var name: String
        var description: String
        var savePath: String
        var backPath: String
    }

    func editProjectPage(req: Request) async throws -> Response {
        let id: ProjectID = try req.id("id", "That project")
        let (ctx, project) = try await req.services.work.viewProject(id, by: try req.userID)
        try ctx.require(.editProjects)
        return try await req.page(
            "project_edit", title: "Edit \(project.name)",
            EditProjectVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), name: project.name,
                description: project.description,
                savePath: Paths.projectEdit(id), backPath: Paths.project(id)))
    }

    func editProject(req: Request) async throws -> Response {
        let form = try req.form(NameForm.self)
        let id: ProjectID = try req.id("id", "That project")
        _ = try await req.services.work.updateProject(
            id, name: form.name, description: form.description ?? "", by: try req.userID)
        return req.see(Paths.project(id), notice: "Project saved.")
    }

    func deleteProject(req: Request) async throws -> Response {
        let id: ProjectID = try req.id("id", "That project")
        let (ctx, project) = try await req.services.work.project(id, by: try req.userID)
        try await req.services.work.deleteProject(id, by: try req.userID)
        return req.see(Paths.workspace(ctx.workspace.id), notice: "Project “\(project.name)” deleted.")
    }

    struct ConversationForm: Content {
        var participantName: String?
        var text: String?
        var question: String?
    }

    func recordConversation(req: Request) async throws -> Response {
        let form = try req.form(ConversationForm.self)
        let id: ProjectID = try req.id("id", "That project")
        _ = try await req.services.work.recordConversation(
            in: id, participantName: form.participantName, text: form.text, by: try req.userID)
        return req.see(Paths.project(id), notice: "Conversation recorded.")
    }

    func buildReport(req: Request) async throws -> Response {
        let report = try await req.services.work.buildReport(in: try req.id("id", "That project"), by: try req.userID)
        return req.see(
            Paths.report(report.id),
            notice: "Report built from \(report.content.conversationCount) conversation"
                + (report.content.conversationCount == 1 ? "." : "s."))
    }

    struct AskVM: Encodable {
        struct Citation: Encodable {
            var number: Int
            var participantName: String
            var excerpt: String
            var path: String
        }
        var tabs: WorkspaceTabsVM
        var projectName: String
        var projectPath: String
        var askPath: String
        var question: String
        var answerLines: [String]
        var citations: [Citation]
    }

    func ask(req: Request) async throws -> Response {
        let form = try req.form(ConversationForm.self)
        let id: ProjectID = try req.id("id", "That project")
        let answer = try await req.services.work.ask(in: id, question: form.question, by: try req.userID)
        let (ctx, project) = try await req.services.work.viewProject(id, by: try req.userID)
        return try await req.page(
            "ask", title: "Ask \(project.name)",
            AskVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), projectName: project.name,
                projectPath: Paths.project(id), askPath: Paths.project(id) + "/ask", question: answer.question,
                answerLines: answer.answer.split(separator: "\n").map(String.init),
                citations: answer.citations.enumerated().map {
                    .init(
                        number: $0.offset + 1, participantName: $0.element.conversation.participantName,
                        excerpt: $0.element.excerpt, path: Paths.conversation($0.element.conversation.id))
                }))
    }

    struct ConversationVM: Encodable {
        var tabs: WorkspaceTabsVM
        var projectName: String
        var projectPath: String
        var participantName: String
        var paragraphs: [String]
        var created: String
        var canDelete: Bool
        var deletePath: String
    }

    func conversationPage(req: Request) async throws -> Response {
        let id: ConversationID = try req.id("id", "That conversation")
        let (ctx, project, conversation) = try await req.services.work.conversation(id, by: try req.userID)
        return try await req.page(
            "conversation", title: "Conversation with \(conversation.participantName)",
            ConversationVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), projectName: project.name,
                projectPath: Paths.project(project.id), participantName: conversation.participantName,
                paragraphs: conversation.text.components(separatedBy: "\n").filter {
                    !$0.trimmingCharacters(in: .whitespaces).isEmpty
                },
                created: Format.dateTime(conversation.createdAt), canDelete: ctx.can(.deleteConversations),
                deletePath: Paths.conversation(id) + "/delete"))
    }

    func deleteConversation(req: Request) async throws -> Response {
        let projectID = try await req.services.work.deleteConversation(
            try req.id("id", "That conversation"), by: try req.userID)
        return req.see(Paths.project(projectID), notice: "Conversation deleted.")
    }

    struct ReportVM: Encodable {
        var tabs: WorkspaceTabsVM
        var projectName: String
        var projectPath: String
        var content: ReportContent
        var published: Bool
        var created: String
        var publishedAt: String?
        var canPublish: Bool
        var canDelete: Bool
        var publishPath: String
        var deletePath: String
        var maxTermCount: Int
        var quotes: [QuoteVM]
    }

    struct QuoteVM: Encodable {
        var text: String
        var participantName: String
        var path: String?
    }

    func reportPage(req: Request) async throws -> Response {
        let id: ReportID = try req.id("id", "That report")
        let (ctx, project, report) = try await req.services.work.report(id, by: try req.userID)
        return try await req.page(
            "report", title: "Report: \(project.name)",
            ReportVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "projects"), projectName: project.name,
                projectPath: Paths.project(project.id), content: report.content, published: report.status == .published,
                created: Format.dateTime(report.createdAt), publishedAt: report.publishedAt.map(Format.dateTime),
                canPublish: ctx.can(.publishReports) && report.status == .draft, canDelete: ctx.can(.deleteReports),
                publishPath: Paths.report(id) + "/publish", deletePath: Paths.report(id) + "/delete",
                maxTermCount: report.content.topTerms.first?.count ?? 1,
                quotes: report.content.quotes.map {
                    QuoteVM(
                        text: $0.text, participantName: $0.participantName,
                        path: ConversationID($0.conversationId).map(Paths.conversation))
                }))
    }

    func publishReport(req: Request) async throws -> Response {
        let id: ReportID = try req.id("id", "That report")
        _ = try await req.services.work.publishReport(id, by: try req.userID)
        return req.see(Paths.report(id), notice: "Report published.")
    }

    func deleteReport(req: Request) async throws -> Response {
        let projectID = try await req.services.work.deleteReport(try req.id("id", "That report"), by: try req.userID)
        return req.see(Paths.project(projectID), notice: "Report deleted.")
    }
}
