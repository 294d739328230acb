import Foundation
import StewardCore
import StewardStore
import Vapor

/// Organisations: a new one, its page with the workspaces you may discover, renaming, a new
/// workspace, and its audit log.
struct OrgsWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.on(.newOrg, use: newOrgPage)
        app.on(.createOrg, use: createOrg)
        app.on(.org, use: orgPage)
        app.on(.renameOrg, use: renameOrg)
        app.on(.createWorkspace, use: createWorkspace)
        app.on(.orgAudit, use: orgAuditPage)
    }

    func newOrgPage(req: Request) async throws -> Response {
        let orgs = try await req.services.orgs.mine(try req.userID)
        return try await req.page("org_new", title: "New organisation", NewOrgVM(firstOrganisation: orgs.isEmpty))
    }

    func createOrg(req: Request) async throws -> Response {
        let form = try req.form(NameForm.self)
        let ctx = try await req.services.orgs.create(name: form.name, by: try req.userID)
        return req.see(Paths.org(ctx.org.id), notice: "Organisation “\(ctx.org.name)” created. Add a first workspace.")
    }

    func orgPage(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let ctx = try await req.services.orgs.context(orgID, user: try req.userID)
        let items = try await DiscoveryList.items(req, org: orgID)
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
}
