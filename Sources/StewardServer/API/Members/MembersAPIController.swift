import StewardCore
import StewardStore
import Vapor

/// Members of an organisation or a workspace: list, change a role, remove, add by email.
struct MembersAPIController {
    func register(_ api: any RoutesBuilder) {
        api.get("orgs", ":orgId", "members", use: orgMembers)
        api.patch("orgs", ":orgId", "members", ":userId", use: changeOrgRole)
        api.delete("orgs", ":orgId", "members", ":userId", use: removeOrgMember)
        api.post("orgs", ":orgId", "invites", use: addOrgMembers)
        api.get("workspaces", ":id", "members", use: workspaceMembers)
        api.patch("workspaces", ":id", "members", ":userId", use: changeWorkspaceRole)
        api.delete("workspaces", ":id", "members", ":userId", use: removeWorkspaceMember)
        api.post("workspaces", ":id", "invites", use: addWorkspaceMembers)
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
}
