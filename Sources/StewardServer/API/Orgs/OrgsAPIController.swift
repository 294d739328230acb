import StewardCore
import StewardStore
import Vapor

/// Organisations: create, list yours, read, rename; their workspaces and audit log.
struct OrgsAPIController {
    func register(_ api: any RoutesBuilder) {
        api.post("orgs", use: createOrg)
        api.get("orgs", use: myOrgs)
        api.get("orgs", ":orgId", use: getOrg)
        api.patch("orgs", ":orgId", use: renameOrg)
        api.get("orgs", ":orgId", "workspaces", use: orgWorkspaces)
        api.post("orgs", ":orgId", "workspaces", use: createWorkspace)
        api.get("orgs", ":orgId", "audit", use: orgAudit)
    }

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
}
