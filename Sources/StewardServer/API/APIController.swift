import StewardCore
import StewardStore
import Vapor

/// The JSON API under /api/v1. Each handler: read input, call one service, shape the result.
struct APIController {
    func register(_ routes: any RoutesBuilder) {
        let api = routes.grouped("api", "v1").grouped(BearerAuthMiddleware())
        AccountAPIController().register(api)

        api.post("orgs", use: createOrg)
        api.get("orgs", use: myOrgs)
        api.get("orgs", ":orgId", use: getOrg)
        api.patch("orgs", ":orgId", use: renameOrg)
        api.get("orgs", ":orgId", "members", use: orgMembers)
        api.patch("orgs", ":orgId", "members", ":userId", use: changeOrgRole)
        api.delete("orgs", ":orgId", "members", ":userId", use: removeOrgMember)
        api.post("orgs", ":orgId", "invites", use: addOrgMembers)
        api.get("orgs", ":orgId", "workspaces", use: orgWorkspaces)
        api.post("orgs", ":orgId", "workspaces", use: createWorkspace)
        api.get("orgs", ":orgId", "audit", use: orgAudit)

        api.get("workspaces", use: myWorkspaces)
        api.get("workspaces", ":id", use: getWorkspace)
        api.patch("workspaces", ":id", use: updateWorkspace)
        api.get("workspaces", ":id", "members", use: workspaceMembers)
        api.patch("workspaces", ":id", "members", ":userId", use: changeWorkspaceRole)
        api.delete("workspaces", ":id", "members", ":userId", use: removeWorkspaceMember)
        api.post("workspaces", ":id", "invites", use: addWorkspaceMembers)
        api.get("workspaces", ":id", "audit", use: workspaceAudit)
        api.get("workspaces", ":id", "usage", use: workspaceUsage)

        api.post("workspaces", ":id", "projects", use: createProject)
        api.get("workspaces", ":id", "projects", use: listProjects)
        api.get("projects", ":id", use: getProject)
        api.patch("projects", ":id", use: updateProject)
        api.delete("projects", ":id", use: deleteProject)
        api.post("projects", ":id", "conversations", use: recordConversation)
        api.get("projects", ":id", "conversations", use: listConversations)
        api.get("conversations", ":id", use: getConversation)
        api.delete("conversations", ":id", use: deleteConversation)
        api.post("projects", ":id", "reports", use: buildReport)
        api.get("projects", ":id", "reports", use: listReports)
        api.get("reports", ":id", use: getReport)
        api.delete("reports", ":id", use: deleteReport)
        api.post("reports", ":id", "publish", use: publishReport)
        api.post("projects", ":id", "ask", use: ask)
        InviteAPIController().register(api)
        PartnerAPIController().register(api)
        BillingAPIController().register(api)
    }

    // MARK: Organisations

    func createOrg(req: Request) async throws -> Response {
        let input = try req.input(NameInput.self)
        let ctx = try await req.services.orgs.create(name: input.name, by: try req.userID)
        return try await OrgDTO(ctx).encodeResponse(status: .created, for: req)
    }

    func myOrgs(req: Request) async throws -> ItemsDTO<OrgDTO> {
        let orgs = try await req.services.orgs.mine(try req.userID)
        return ItemsDTO(items: orgs.map { OrgDTO($0.org, role: $0.role) })
    }

    func getOrg(req: Request) async throws -> OrgDTO {
        OrgDTO(try await req.services.orgs.context(try req.id("orgId", "That organisation"), user: try req.userID))
    }

    func renameOrg(req: Request) async throws -> OrgDTO {
        let input = try req.input(NameInput.self)
        return OrgDTO(
            try await req.services.orgs.rename(
                try req.id("orgId", "That organisation"), name: input.name, by: try req.userID))
    }

    func orgMembers(req: Request) async throws -> ItemsDTO<OrgMemberDTO> {
        let members = try await req.services.orgs.members(
            try req.id("orgId", "That organisation"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(members, OrgMemberDTO.init)
    }

    func changeOrgRole(req: Request) async throws -> OrgMemberDTO {
        let input = try req.input(RoleInput.self)
        let member = try await req.services.orgs.changeRole(
            try req.id("orgId", "That organisation"), member: try req.id("userId", "That member"), to: input.role,
            by: try req.userID)
        return OrgMemberDTO(member)
    }

    func removeOrgMember(req: Request) async throws -> HTTPStatus {
        try await req.services.orgs.remove(
            try req.id("orgId", "That organisation"), member: try req.id("userId", "That member"), by: try req.userID)
        return .noContent
    }

    func addOrgMembers(req: Request) async throws -> AddResultsDTO {
        let input = try req.input(AddMembersInput.self)
        let results = try await req.services.invites.inviteToOrg(
            try req.id("orgId", "That organisation"), emails: input.emails ?? [], role: input.role, by: try req.userID)
        return AddResultsDTO(results: results.map(AddResultDTO.init))
    }

    func orgWorkspaces(req: Request) async throws -> ItemsDTO<DiscoveredWorkspaceDTO> {
        let items = try await req.services.access.discover(
            in: try req.id("orgId", "That organisation"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, DiscoveredWorkspaceDTO.init)
    }

    func createWorkspace(req: Request) async throws -> Response {
        let input = try req.input(CreateWorkspaceInput.self)
        let ctx = try await req.services.workspaces.create(
            in: try req.id("orgId", "That organisation"), name: input.name, visibility: input.visibility,
            externalClient: input.externalClient.map {
                ExternalClientFields(
                    clientOrgName: $0.clientOrgName, dataOwnerEmail: $0.dataOwnerEmail,
                    partnerAgreementAccepted: $0.partnerAgreementAccepted)
            }, by: try req.userID)
        return try await WorkspaceDTO(ctx).encodeResponse(status: .created, for: req)
    }

    func orgAudit(req: Request) async throws -> ItemsDTO<AuditEventDTO> {
        let (limit, cursor) = try req.auditPageQuery()
        let events = try await req.services.orgs.audit(
            try req.id("orgId", "That organisation"), by: try req.userID, limit: limit + 1, before: cursor)
        return ItemsDTO(auditEvents: events, limit: limit)
    }

    // MARK: Workspaces

    func myWorkspaces(req: Request) async throws -> ItemsDTO<MyWorkspaceDTO> {
        let user = try req.requireUser()
        return ItemsDTO(try await req.services.workspaces.mine(user.id, page: try req.pageQuery())) {
            MyWorkspaceDTO($0, user: user)
        }
    }

    func getWorkspace(req: Request) async throws -> WorkspaceDTO {
        WorkspaceDTO(
            try await req.services.workspaces.context(try req.id("id", "That workspace"), user: try req.userID))
    }

    func updateWorkspace(req: Request) async throws -> WorkspaceDTO {
        let input = try req.input(UpdateWorkspaceInput.self)
        return WorkspaceDTO(
            try await req.services.workspaces.update(
                try req.id("id", "That workspace"), name: input.name, visibility: input.visibility, by: try req.userID))
    }

    func workspaceMembers(req: Request) async throws -> ItemsDTO<WorkspaceMemberDTO> {
        let members = try await req.services.workspaces.members(
            try req.id("id", "That workspace"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(members, WorkspaceMemberDTO.init)
    }

    func changeWorkspaceRole(req: Request) async throws -> WorkspaceMemberDTO {
        let input = try req.input(RoleInput.self)
        return WorkspaceMemberDTO(
            try await req.services.workspaces.changeRole(
                try req.id("id", "That workspace"), member: try req.id("userId", "That member"), to: input.role,
                by: try req.userID))
    }

    func removeWorkspaceMember(req: Request) async throws -> HTTPStatus {
        try await req.services.workspaces.remove(
            try req.id("id", "That workspace"), member: try req.id("userId", "That member"), by: try req.userID)
        return .noContent
    }

    func addWorkspaceMembers(req: Request) async throws -> AddResultsDTO {
        let input = try req.input(AddMembersInput.self)
        let results = try await req.services.invites.inviteToWorkspace(
            try req.id("id", "That workspace"), emails: input.emails ?? [], role: input.role, by: try req.userID)
        return AddResultsDTO(results: results.map(AddResultDTO.init))
    }

    func workspaceAudit(req: Request) async throws -> ItemsDTO<AuditEventDTO> {
        let (limit, cursor) = try req.auditPageQuery()
        let events = try await req.services.workspaces.audit(
            try req.id("id", "That workspace"), by: try req.userID, limit: limit + 1, before: cursor)
        return ItemsDTO(auditEvents: events, limit: limit)
    }

    func workspaceUsage(req: Request) async throws -> UsageDTO {
        UsageDTO(try await req.services.workspaces.usage(try req.id("id", "That workspace"), by: try req.userID))
    }

    // MARK: Projects and the work

    func createProject(req: Request) async throws -> Response {
        let input = try req.input(ProjectInput.self)
        let project = try await req.services.work.createProject(
            in: try req.id("id", "That workspace"), name: input.name, description: input.description,
            by: try req.userID)
        return try await ProjectDTO(project).encodeResponse(status: .created, for: req)
    }

    func listProjects(req: Request) async throws -> ItemsDTO<ProjectDTO> {
        let (_, projects) = try await req.services.work.projects(
            in: try req.id("id", "That workspace"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(projects, ProjectDTO.init)
    }

    func getProject(req: Request) async throws -> ProjectDTO {
        ProjectDTO(try await req.services.work.viewProject(try req.id("id", "That project"), by: try req.userID).1)
    }

    func updateProject(req: Request) async throws -> ProjectDTO {
        let input = try req.input(ProjectInput.self)
        return ProjectDTO(
            try await req.services.work.updateProject(
                try req.id("id", "That project"), name: input.name, description: input.description, by: try req.userID))
    }

    func deleteProject(req: Request) async throws -> HTTPStatus {
        try await req.services.work.deleteProject(try req.id("id", "That project"), by: try req.userID)
        return .noContent
    }

    func recordConversation(req: Request) async throws -> Response {
        let input = try req.input(ConversationInput.self)
        let conversation = try await req.services.work.recordConversation(
            in: try req.id("id", "That project"), participantName: input.participantName, text: input.text,
            by: try req.userID)
        return try await ConversationDTO(conversation).encodeResponse(status: .created, for: req)
    }

    func listConversations(req: Request) async throws -> ItemsDTO<ConversationDTO> {
        let items = try await req.services.work.conversations(
            in: try req.id("id", "That project"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, ConversationDTO.init)
    }

    func getConversation(req: Request) async throws -> ConversationDTO {
        ConversationDTO(
            try await req.services.work.conversation(try req.id("id", "That conversation"), by: try req.userID).2)
    }

    func deleteConversation(req: Request) async throws -> HTTPStatus {
        _ = try await req.services.work.deleteConversation(try req.id("id", "That conversation"), by: try req.userID)
        return .noContent
    }

    func buildReport(req: Request) async throws -> Response {
        let report = try await req.services.work.buildReport(in: try req.id("id", "That project"), by: try req.userID)
        return try await ReportDTO(report).encodeResponse(status: .created, for: req)
    }

    func listReports(req: Request) async throws -> ItemsDTO<ReportDTO> {
        let items = try await req.services.work.reports(
            in: try req.id("id", "That project"), page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, ReportDTO.init)
    }

    func getReport(req: Request) async throws -> ReportDTO {
        ReportDTO(try await req.services.work.report(try req.id("id", "That report"), by: try req.userID).2)
    }

    func deleteReport(req: Request) async throws -> HTTPStatus {
        _ = try await req.services.work.deleteReport(try req.id("id", "That report"), by: try req.userID)
        return .noContent
    }

    func publishReport(req: Request) async throws -> ReportDTO {
        ReportDTO(try await req.services.work.publishReport(try req.id("id", "That report"), by: try req.userID))
    }

    func ask(req: Request) async throws -> AskResultDTO {
        let input = try req.input(AskInput.self)
        return AskResultDTO(
            try await req.services.work.ask(
                in: try req.id("id", "That project"), question: input.question, by: try req.userID))
    }
}
