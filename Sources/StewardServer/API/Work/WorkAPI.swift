import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// The work in a workspace: projects and Ask. Conversations (with the public participant portal)
/// and reports are in WorkAPI+Conversations.swift and WorkAPI+Reports.swift.
extension APIHandlers {
    func createProject(_ input: Operations.CreateProject.Input) async throws -> Operations.CreateProject.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let project = try await req.services.work.createProject(
            in: try APIInput.id(input.path.id, "That workspace"), name: body.name, description: body.description,
            by: try req.userID)
        return .created(.init(body: .json(.init(project))))
    }

    func listProjects(_ input: Operations.ListProjects.Input) async throws -> Operations.ListProjects.Output {
        let req = try APIRequest.request
        let (_, page) = try await req.services.work.projects(
            in: try APIInput.id(input.path.id, "That workspace"),
            page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor), by: try req.userID)
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.Project.init), nextCursor: .init(page)))))
    }

    func getProject(_ input: Operations.GetProject.Input) async throws -> Operations.GetProject.Output {
        let req = try APIRequest.request
        let project = try await req.services.work.viewProject(
            try APIInput.id(input.path.id, "That project"), by: try req.userID
        ).1
        return .ok(.init(body: .json(.init(project))))
    }

    func updateProject(_ input: Operations.UpdateProject.Input) async throws -> Operations.UpdateProject.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.UpdateProjectInput()
            }
        let project = try await req.services.work.updateProject(
            try APIInput.id(input.path.id, "That project"), name: body.name, description: body.description,
            by: try req.userID)
        return .ok(.init(body: .json(.init(project))))
    }

    func deleteProject(_ input: Operations.DeleteProject.Input) async throws -> Operations.DeleteProject.Output {
        let req = try APIRequest.request
        try await req.services.work.deleteProject(try APIInput.id(input.path.id, "That project"), by: try req.userID)
        return .noContent(.init())
    }

    func askProject(_ input: Operations.AskProject.Input) async throws -> Operations.AskProject.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let answer = try await req.services.work.ask(
            in: try APIInput.id(input.path.id, "That project"), question: body.question, by: try req.userID)
        return .ok(.init(body: .json(.init(answer))))
    }
}
