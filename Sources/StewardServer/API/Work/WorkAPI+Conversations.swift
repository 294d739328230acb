import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// A project's conversations: recorded by its workspace, or contributed by participants through
/// the project's public portal.
extension APIHandlers {
    func recordConversation(_ input: Operations.RecordConversation.Input) async throws
        -> Operations.RecordConversation.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let conversation = try await req.services.work.recordConversation(
            in: try APIInput.id(input.path.id, "That project"), participantName: body.participantName,
            text: body.text, by: try req.userID)
        return .created(.init(body: .json(.init(conversation))))
    }

    func listConversations(_ input: Operations.ListConversations.Input) async throws
        -> Operations.ListConversations.Output
    {
        let req = try APIRequest.request
        let page = try await req.services.work.conversations(
            in: try APIInput.id(input.path.id, "That project"),
            page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor), by: try req.userID)
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Components.Schemas.Conversation.init), nextCursor: .init(page)))))
    }

    func getConversation(_ input: Operations.GetConversation.Input) async throws -> Operations.GetConversation.Output {
        let req = try APIRequest.request
        let conversation = try await req.services.work.conversation(
            try APIInput.id(input.path.id, "That conversation"), by: try req.userID
        ).2
        return .ok(.init(body: .json(.init(conversation))))
    }

    func deleteConversation(_ input: Operations.DeleteConversation.Input) async throws
        -> Operations.DeleteConversation.Output
    {
        let req = try APIRequest.request
        _ = try await req.services.work.deleteConversation(
            try APIInput.id(input.path.id, "That conversation"), by: try req.userID)
        return .noContent(.init())
    }

    /// Public (no sign-in): the service throttles it per client address.
    func contributeThroughPortal(_ input: Operations.ContributeThroughPortal.Input) async throws
        -> Operations.ContributeThroughPortal.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let conversation = try await req.services.partner.contribute(
            to: try APIInput.id(input.path.projectId, "That project"), participantName: body.participantName,
            text: body.text, clientKey: req.clientKey)
        return .created(.init(body: .json(.init(conversation))))
    }
}
