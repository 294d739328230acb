import StewardCore
import StewardStore
import Vapor

/// Workspaces: yours, one, its settings, audit log and usage.
struct WorkspacesAPIController {
    func register(_ api: any RoutesBuilder) {
        api.get("workspaces", use: myWorkspaces)
        api.get("workspaces", ":id", use: getWorkspace)
        api.patch("workspaces", ":id", use: updateWorkspace)
        api.get("workspaces", ":id", "audit", use: workspaceAudit)
        api.get("workspaces", ":id", "usage", use: workspaceUsage)
    }

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

    func workspaceAudit(req: Request) async throws -> ItemsDTO<AuditEventDTO> {
        let (limit, cursor) = try req.auditPageQuery()
        let events = try await req.services.workspaces.audit(
            try req.id("id", "That workspace"), by: try req.userID, limit: limit + 1, before: cursor)
        return ItemsDTO(auditEvents: events, limit: limit)
    }

    func workspaceUsage(req: Request) async throws -> UsageDTO {
        UsageDTO(try await req.services.workspaces.usage(try req.id("id", "That workspace"), by: try req.userID))
    }
}
