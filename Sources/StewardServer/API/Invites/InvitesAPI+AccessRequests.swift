import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Getting into a workspace without an invite: joining an open one, or asking and being
/// approved or denied by its managers.
extension APIHandlers {
    func joinWorkspace(_ input: Operations.JoinWorkspace.Input) async throws -> Operations.JoinWorkspace.Output {
        let req = try APIRequest.request
        let ctx = try await req.services.access.join(
            try APIInput.id(input.path.id, "That workspace"), by: try req.userID)
        return .ok(.init(body: .json(.init(ctx))))
    }

    func requestWorkspaceAccess(_ input: Operations.RequestWorkspaceAccess.Input) async throws
        -> Operations.RequestWorkspaceAccess.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.AccessRequestInput()
            }
        let (request, created) = try await req.services.access.request(
            try APIInput.id(input.path.id, "That workspace"), message: body.message, by: try req.userID)
        // Asking again while a request is pending answers the pending one with 200.
        let answer = Components.Schemas.AccessRequest(request)
        if created { return .created(.init(body: .json(answer))) }
        return .ok(.init(body: .json(answer)))
    }

    func listAccessRequests(_ input: Operations.ListAccessRequests.Input) async throws
        -> Operations.ListAccessRequests.Output
    {
        let req = try APIRequest.request
        let page = try await req.services.access.requests(
            in: try APIInput.id(input.path.id, "That workspace"),
            page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor), by: try req.userID)
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Components.Schemas.AccessRequest.init), nextCursor: .init(page)))))
    }

    func approveAccessRequest(_ input: Operations.ApproveAccessRequest.Input) async throws
        -> Operations.ApproveAccessRequest.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.ApproveAccessRequestInput()
            }
        // The service validates the role: none is member, "" its 422.
        let request = try await req.services.access.approve(
            try APIInput.uuid(input.path.requestId, "That request"), role: body.role?.rawValue, by: try req.userID)
        return .ok(.init(body: .json(.init(request))))
    }

    func denyAccessRequest(_ input: Operations.DenyAccessRequest.Input) async throws
        -> Operations.DenyAccessRequest.Output
    {
        let req = try APIRequest.request
        let request = try await req.services.access.deny(
            try APIInput.uuid(input.path.requestId, "That request"), by: try req.userID)
        return .ok(.init(body: .json(.init(request))))
    }
}
