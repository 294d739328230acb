import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Workspaces: yours, one, its settings, audit log, usage and seats.
extension APIHandlers {
    func listMyWorkspaces(_ input: Operations.ListMyWorkspaces.Input) async throws
        -> Operations.ListMyWorkspaces.Output
    {
        let req = try APIRequest.request
        let user = try req.requireUser()
        let page = try await req.services.workspaces.mine(
            user.id, page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor))
        return .ok(
            .init(
                body: .json(
                    .init(
                        items: page.items.map { Components.Schemas.MyWorkspace($0, user: user) },
                        nextCursor: .init(page)))))
    }

    func getWorkspace(_ input: Operations.GetWorkspace.Input) async throws -> Operations.GetWorkspace.Output {
        let req = try APIRequest.request
        let ctx = try await req.services.workspaces.context(
            try APIInput.id(input.path.id, "That workspace"), user: try req.userID)
        return .ok(.init(body: .json(.init(ctx))))
    }

    func updateWorkspace(_ input: Operations.UpdateWorkspace.Input) async throws -> Operations.UpdateWorkspace.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.UpdateWorkspaceInput()
            }
        // The service validates the visibility ("" is its 422, as before).
        let ctx = try await req.services.workspaces.update(
            try APIInput.id(input.path.id, "That workspace"), name: body.name, visibility: body.visibility?.rawValue,
            by: try req.userID)
        return .ok(.init(body: .json(.init(ctx))))
    }

    func listWorkspaceAudit(_ input: Operations.ListWorkspaceAudit.Input) async throws
        -> Operations.ListWorkspaceAudit.Output
    {
        let req = try APIRequest.request
        let (limit, cursor) = try APIInput.auditPage(
            try APIInput.page(limit: input.query.limit, cursor: input.query.cursor))
        let events = try await req.services.workspaces.audit(
            try APIInput.id(input.path.id, "That workspace"), by: try req.userID, limit: limit + 1, before: cursor)
        return .ok(.init(body: .json(.init(events: events, limit: limit))))
    }

    func getWorkspaceUsage(_ input: Operations.GetWorkspaceUsage.Input) async throws
        -> Operations.GetWorkspaceUsage.Output
    {
        let req = try APIRequest.request
        let usage = try await req.services.workspaces.usage(
            try APIInput.id(input.path.id, "That workspace"), by: try req.userID)
        return .ok(.init(body: .json(.init(usage))))
    }

    func getWorkspaceSeats(_ input: Operations.GetWorkspaceSeats.Input) async throws
        -> Operations.GetWorkspaceSeats.Output
    {
        let req = try APIRequest.request
        let seats = try await req.services.access.seats(
            try APIInput.id(input.path.id, "That workspace"), by: try req.userID)
        return .ok(.init(body: .json(.init(seats))))
    }
}
