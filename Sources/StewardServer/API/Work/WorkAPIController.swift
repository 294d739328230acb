import StewardCore
import StewardStore
import Vapor

/// The work in a workspace: projects, conversations, reports and Ask.
struct WorkAPIController {
    func register(_ api: any RoutesBuilder) {
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
    }

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
