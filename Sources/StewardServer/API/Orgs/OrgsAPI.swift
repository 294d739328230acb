import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Organisations: create, list yours, read, rename; their workspaces and audit log.
extension APIHandlers {
    func createOrg(_ input: Operations.CreateOrg.Input) async throws -> Operations.CreateOrg.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let ctx = try await req.services.orgs.create(name: body.name, by: try req.userID)
        return .created(.init(body: .json(.init(ctx))))
    }

    func listMyOrgs(_ input: Operations.ListMyOrgs.Input) async throws -> Operations.ListMyOrgs.Output {
        let req = try APIRequest.request
        let orgs = try await req.services.orgs.mine(try req.userID)
        return .ok(.init(body: .json(.init(items: orgs.map { .init($0.org, role: $0.role) }))))
    }

    func getOrg(_ input: Operations.GetOrg.Input) async throws -> Operations.GetOrg.Output {
        let req = try APIRequest.request
        let ctx = try await req.services.orgs.context(
            try APIInput.id(input.path.orgId, "That organisation"), user: try req.userID)
        return .ok(.init(body: .json(.init(ctx))))
    }

    func updateOrg(_ input: Operations.UpdateOrg.Input) async throws -> Operations.UpdateOrg.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.UpdateOrgInput()
            }
        let ctx = try await req.services.orgs.rename(
            try APIInput.id(input.path.orgId, "That organisation"), name: body.name, by: try req.userID)
        return .ok(.init(body: .json(.init(ctx))))
    }

    func listOrgWorkspaces(_ input: Operations.ListOrgWorkspaces.Input) async throws
        -> Operations.ListOrgWorkspaces.Output
    {
        let req = try APIRequest.request
        let page = try await req.services.access.discover(
            in: try APIInput.id(input.path.orgId, "That organisation"),
            page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor), by: try req.userID)
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Components.Schemas.DiscoveredWorkspace.init), nextCursor: .init(page)))
            ))
    }

    func createWorkspace(_ input: Operations.CreateWorkspace.Input) async throws -> Operations.CreateWorkspace.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let ctx = try await req.services.workspaces.create(
            in: try APIInput.id(input.path.orgId, "That organisation"), name: body.name,
            visibility: body.visibility?.rawValue,
            externalClient: body.externalClient.map {
                ExternalClientFields(
                    clientOrgName: $0.clientOrgName, dataOwnerEmail: $0.dataOwnerEmail,
                    partnerAgreementAccepted: $0.partnerAgreementAccepted)
            }, by: try req.userID)
        return .created(.init(body: .json(.init(ctx))))
    }

    func listOrgAudit(_ input: Operations.ListOrgAudit.Input) async throws -> Operations.ListOrgAudit.Output {
        let req = try APIRequest.request
        let (limit, cursor) = try APIInput.auditPage(
            try APIInput.page(limit: input.query.limit, cursor: input.query.cursor))
        let events = try await req.services.orgs.audit(
            try APIInput.id(input.path.orgId, "That organisation"), by: try req.userID, limit: limit + 1,
            before: cursor)
        return .ok(.init(body: .json(.init(events: events, limit: limit))))
    }
}
