import StewardCore
import StewardStore
import Vapor

/// Pages of the partner program: the data owner and client logo of external-client workspaces,
/// whitelabel, moving projects and the public participant portal (NOTES §8).
struct PartnerWebController {
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.on(.workspaceLogo, use: storedLogo)
        app.on(.workspaceLogoShown, use: shownLogo)
        app.on(.uploadWorkspaceLogo, body: .collect(maxSize: "2mb"), use: uploadLogo)
        app.on(.deleteWorkspaceLogo, use: deleteLogo)
        app.on(.orgLogo, use: orgLogo)
        app.on(.uploadOrgLogo, body: .collect(maxSize: "2mb"), use: uploadOrgLogo)
        app.on(.deleteOrgLogo, use: deleteOrgLogo)
        app.on(.updateDataOwner, use: updateDataOwner)
        app.on(.moveProject, use: moveProject)

        web.on(.portal, use: portalPage)
        web.on(.contributeToPortal, use: contribute)
        web.on(.portalLogo, use: portalLogo)
    }

    // MARK: View models used by other pages

    struct DealRowVM: Encodable {
        var id: String
        var partnerOrgName: String
        var clientWorkspaceName: String
        var kickback: String
        var discount: String
        var cap: String?
        var period: String
        var notes: String
        var isActive: Bool

        init(_ d: ReferralDeal) {
            id = d.id.uuidString.lowercased()
            partnerOrgName = d.partnerOrgName
            clientWorkspaceName = d.clientWorkspaceName
            kickback = Self.percent(d.kickbackPercent)
            discount = Self.percent(d.discountPercent)
            cap = d.kickbackCapEur.map { "€" + Self.number($0) }
            period = "from \(Format.date(d.startsAt))" + (d.expiresAt.map { " until \(Format.date($0))" } ?? "")
            notes = d.notes
            isActive = d.isActive
        }

        static func number(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
        }
        static func percent(_ value: Double) -> String { number(value) + "%" }
    }

    /// The data-owner and client-logo cards of a workspace's settings.
    struct SettingsSectionVM: Encodable {
        var isExternalClient: Bool
        var showDataOwner: Bool
        var clientOrgName: String
        var dataOwnerEmail: String
        var agreementAcceptedAt: String
        var agreementAcceptedBy: String
        var dataOwnerPath: String
        var canManageLogo: Bool
        var tierAllowsLogo: Bool
        var hasLogo: Bool
        var logoPreviewPath: String
        var logoUploadPath: String
        var logoDeletePath: String
    }

    static func settingsSection(_ req: Request, _ ctx: WorkspaceContext) async throws -> SettingsSectionVM {
        let id = ctx.workspace.id
        let owner = ctx.workspace.dataOwner
        let showDataOwner =
            ctx.workspace.kind == .externalClient && owner != nil
            && PartnerRule.maySeeDataOwner(role: ctx.role, isStaff: ctx.user.isStaff)
        var acceptedBy = ""
        if showDataOwner, let owner {
            acceptedBy =
                try await req.services.members.member(.workspace(id), owner.agreementAcceptedBy, by: ctx.user.id)
                .map { "\($0.user.name) (\($0.user.email))" } ?? "a former member"
        }
        let canManageLogo = ctx.workspace.kind == .externalClient && Access.can(ctx.role, .whitelabel, tier: .guardian)
        let hasLogo = canManageLogo ? try await req.services.partner.storedLogo(id, by: ctx.user.id) != nil : false
        return SettingsSectionVM(
            isExternalClient: ctx.workspace.kind == .externalClient, showDataOwner: showDataOwner,
            clientOrgName: showDataOwner ? owner?.clientOrgName ?? "" : "",
            dataOwnerEmail: showDataOwner ? owner?.email ?? "" : "",
            agreementAcceptedAt: showDataOwner ? owner.map { Format.dateTime($0.agreementAcceptedAt) } ?? "" : "",
            agreementAcceptedBy: acceptedBy, dataOwnerPath: Paths.workspaceDataOwner(id), canManageLogo: canManageLogo,
            tierAllowsLogo: ctx.can(.whitelabel), hasLogo: hasLogo, logoPreviewPath: Paths.workspaceLogo(id),
            logoUploadPath: Paths.workspaceLogo(id), logoDeletePath: Paths.workspaceLogoDelete(id))
    }

    struct MoveTargetVM: Encodable {
        var id: String
        var label: String
    }

    /// Other workspaces where this person may also move projects (the service checks again).
    static func moveTargets(_ req: Request, from ctx: WorkspaceContext) async throws -> [MoveTargetVM] {
        guard ctx.can(.moveProjects) else { return [] }
        // The first page of the largest size: a move offers the workspaces listed first.
        return try await req.services.workspaces.mine(ctx.user.id, page: PageQuery(limit: PageQuery.maximumLimit)).items
            .filter {
                $0.workspace.id != ctx.workspace.id && Access.can($0.access.role, .moveProjects)
            }.map {
                MoveTargetVM(
                    id: $0.workspace.id.description,
                    label: "\($0.org.name) · \($0.workspace.name)"
                        + ($0.workspace.kind == .externalClient ? " (external client)" : ""))
            }
    }

    // MARK: Data owner

    struct DataOwnerForm: Content {
        var clientOrgName: String?
        var dataOwnerEmail: String?
    }

    func updateDataOwner(req: Request) async throws -> Response {
        let form = try req.form(DataOwnerForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        _ = try await req.services.partner.updateDataOwner(
            id, clientOrgName: form.clientOrgName, dataOwnerEmail: form.dataOwnerEmail, by: try req.userID)
        return req.see(Paths.workspaceSettings(id), notice: "Data owner saved.")
    }

    // MARK: Client logo

    struct Upload: Content {
        var logo: File?
        var _csrf: String?
    }

    func uploadLogo(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let upload = try? req.content.decode(Upload.self)
        let bytes = upload?.logo.map { Array($0.data.readableBytesView) } ?? []
        _ = try await req.services.partner.putLogo(id, bytes: bytes, by: try req.userID)
        return req.see(Paths.workspaceSettings(id), notice: "Client logo saved.")
    }

    // MARK: Organisation logo

    func uploadOrgLogo(req: Request) async throws -> Response {
        let id: OrgID = try req.id("orgId", "That organisation")
        let upload = try? req.content.decode(Upload.self)
        let bytes = upload?.logo.map { Array($0.data.readableBytesView) } ?? []
        _ = try await req.services.partner.putOrgLogo(id, bytes: bytes, by: try req.userID)
        return req.see(Paths.org(id), notice: "Organisation logo saved. Internal workspaces show it from now on.")
    }

    func deleteOrgLogo(req: Request) async throws -> Response {
        let id: OrgID = try req.id("orgId", "That organisation")
        try await req.services.partner.deleteOrgLogo(id, by: try req.userID)
        return req.see(Paths.org(id), notice: "Organisation logo removed.")
    }

    func orgLogo(req: Request) async throws -> Response {
        guard
            let logo = try await req.services.partner.orgLogo(
                try req.id("orgId", "That organisation"), by: try req.userID)
        else { throw DomainError.notFound("A logo for this organisation") }
        return Response.image(logo)
    }

    func deleteLogo(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        try await req.services.partner.deleteLogo(id, by: try req.userID)
        return req.see(Paths.workspaceSettings(id), notice: "Client logo removed.")
    }

    /// The stored logo, whatever the tier: the settings preview (owners/admins only).
    func storedLogo(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let ctx = try await req.services.workspaces.context(id, user: try req.userID)
        try Access.require(ctx.role, .whitelabel, tier: .guardian)
        guard let logo = try await req.services.partner.storedLogo(id, by: try req.userID) else {
            throw DomainError.notFound("A logo for this workspace")
        }
        return Response.image(logo)
    }

    /// The logo shown on the workspace's pages (everyone in the workspace; whitelabel tiers only).
    func shownLogo(req: Request) async throws -> Response {
        guard let logo = try await req.services.partner.logo(try req.id("id", "That workspace"), by: try req.userID)
        else { throw DomainError.notFound("A logo shown for this workspace") }
        return Response.image(logo)
    }

    // MARK: Moving projects

    struct MoveForm: Content { var targetWorkspaceId: String? }

    func moveProject(req: Request) async throws -> Response {
        let form = try req.form(MoveForm.self)
        let id: ProjectID = try req.id("id", "That project")
        let target = try form.targetWorkspaceId.flatMap { $0.isEmpty ? nil : $0 }.map { raw -> WorkspaceID in
            guard let target = WorkspaceID(raw) else {
                throw DomainError.invalid("targetWorkspaceId", "is not a workspace id")
            }
            return target
        }
        let project = try await req.services.partner.moveProject(id, to: target, by: try req.userID)
        return req.see(Paths.project(id), notice: "Project “\(project.name)” moved.")
    }

    // MARK: Participant portal

    struct PortalVM: Encodable {
        var projectName: String
        var description: String
        var brandName: String
        var logoPath: String?
        var postPath: String
        var thanks: Bool
    }

    func portalPage(req: Request) async throws -> Response {
        let id: ProjectID = try req.id("projectId", "That project")
        let portal = try await req.services.partner.portal(id)
        return try await req.page(
            "portal", title: portal.project.name,
            PortalVM(
                projectName: portal.project.name, description: portal.project.description, brandName: portal.brandName,
                logoPath: portal.showsLogo ? Paths.portalLogo(id) : nil, postPath: Paths.portal(id),
                thanks: req.query[String.self, at: "thanks"] != nil))
    }

    struct ContributionForm: Content {
        var participantName: String?
        var text: String?
    }

    func contribute(req: Request) async throws -> Response {
        let form = try req.form(ContributionForm.self)
        let id: ProjectID = try req.id("projectId", "That project")
        let name = form.participantName?.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try await req.services.partner.contribute(
            to: id, participantName: name?.isEmpty == true ? nil : name, text: form.text, clientKey: req.clientKey)
        return req.see(Paths.portal(id) + "?thanks=1")
    }

    func portalLogo(req: Request) async throws -> Response {
        guard let logo = try await req.services.partner.portalLogo(try req.id("projectId", "That project")) else {
            throw DomainError.notFound("A logo for this project")
        }
        let response = Response.image(logo)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }
}
