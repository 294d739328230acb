import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Members of an organisation or a workspace: list, change a role, remove, add by email, and the
/// pending invites. The document names each operation twice (once per place, with the place's
/// own member shape); both go through the one members service with a `Place`.
extension APIHandlers {
    func listOrgMembers(_ input: Operations.ListOrgMembers.Input) async throws -> Operations.ListOrgMembers.Output {
        let page = try await members(of: .org(try APIInput.id(input.path.orgId, "That organisation")), input.query)
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.OrgMember.init), nextCursor: .init(page))))
        )
    }

    func listWorkspaceMembers(_ input: Operations.ListWorkspaceMembers.Input) async throws
        -> Operations.ListWorkspaceMembers.Output
    {
        let page = try await members(of: .workspace(try APIInput.id(input.path.id, "That workspace")), input.query)
        return .ok(
            .init(
                body: .json(
                    .init(items: page.items.map(Components.Schemas.WorkspaceMember.init), nextCursor: .init(page)))))
    }

    func changeOrgMemberRole(_ input: Operations.ChangeOrgMemberRole.Input) async throws
        -> Operations.ChangeOrgMemberRole.Output
    {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let member = try await changeRole(
            in: .org(try APIInput.id(input.path.orgId, "That organisation")), member: input.path.userId,
            to: body.role.rawValue)
        return .ok(.init(body: .json(.init(member))))
    }

    func changeWorkspaceMemberRole(_ input: Operations.ChangeWorkspaceMemberRole.Input) async throws
        -> Operations.ChangeWorkspaceMemberRole.Output
    {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let member = try await changeRole(
            in: .workspace(try APIInput.id(input.path.id, "That workspace")), member: input.path.userId,
            to: body.role.rawValue)
        return .ok(.init(body: .json(.init(member))))
    }

    func removeOrgMember(_ input: Operations.RemoveOrgMember.Input) async throws -> Operations.RemoveOrgMember.Output {
        try await remove(input.path.userId, from: .org(try APIInput.id(input.path.orgId, "That organisation")))
        return .noContent(.init())
    }

    func removeWorkspaceMember(_ input: Operations.RemoveWorkspaceMember.Input) async throws
        -> Operations.RemoveWorkspaceMember.Output
    {
        try await remove(input.path.userId, from: .workspace(try APIInput.id(input.path.id, "That workspace")))
        return .noContent(.init())
    }

    func addOrgMembers(_ input: Operations.AddOrgMembers.Input) async throws -> Operations.AddOrgMembers.Output {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let results = try await add(
            body.emails, as: body.role.rawValue, to: .org(try APIInput.id(input.path.orgId, "That organisation")))
        return .ok(.init(body: .json(results)))
    }

    func addWorkspaceMembers(_ input: Operations.AddWorkspaceMembers.Input) async throws
        -> Operations.AddWorkspaceMembers.Output
    {
        let body =
            switch input.body {
            case .json(let body): body
            }
        let results = try await add(
            body.emails, as: body.role.rawValue, to: .workspace(try APIInput.id(input.path.id, "That workspace")))
        return .ok(.init(body: .json(results)))
    }

    func listOrgInvites(_ input: Operations.ListOrgInvites.Input) async throws -> Operations.ListOrgInvites.Output {
        let list = try await pendingInvites(
            in: .org(try APIInput.id(input.path.orgId, "That organisation")), input.query.limit, input.query.cursor)
        return .ok(.init(body: .json(list)))
    }

    func listWorkspaceInvites(_ input: Operations.ListWorkspaceInvites.Input) async throws
        -> Operations.ListWorkspaceInvites.Output
    {
        let list = try await pendingInvites(
            in: .workspace(try APIInput.id(input.path.id, "That workspace")), input.query.limit, input.query.cursor)
        return .ok(.init(body: .json(list)))
    }

    // The one path both places take.

    private func members(of place: Place, _ query: some PageQueryInput) async throws -> ListPage<Member> {
        let req = try APIRequest.request
        return try await req.services.members.list(
            place, page: try APIInput.page(limit: query.limit, cursor: query.cursor), by: try req.userID)
    }

    private func changeRole(in place: Place, member rawID: String, to role: String) async throws -> Member {
        let req = try APIRequest.request
        return try await req.services.members.changeRole(
            in: place, member: try APIInput.id(rawID, "That member"), to: role, by: try req.userID)
    }

    private func remove(_ rawID: String, from place: Place) async throws {
        let req = try APIRequest.request
        try await req.services.members.remove(try APIInput.id(rawID, "That member"), from: place, by: try req.userID)
    }

    private func add(_ emails: [String], as role: String, to place: Place) async throws -> Components.Schemas.AddResults
    {
        let req = try APIRequest.request
        let results = try await req.services.invites.invite(to: place, emails: emails, role: role, by: try req.userID)
        return .init(results: results.map(Components.Schemas.AddResult.init))
    }

    private func pendingInvites(in place: Place, _ limit: Int?, _ cursor: String?) async throws
        -> Components.Schemas.PendingInviteList
    {
        let req = try APIRequest.request
        let page = try await req.services.invites.pending(
            in: place, page: try APIInput.page(limit: limit, cursor: cursor), by: try req.userID)
        return .init(items: page.items.map(Components.Schemas.PendingInvite.init), nextCursor: .init(page))
    }
}

/// The `limit` and `cursor` every paged operation's generated query has.
protocol PageQueryInput {
    var limit: Int? { get }
    var cursor: String? { get }
}

extension Operations.ListOrgMembers.Input.Query: PageQueryInput {}
extension Operations.ListWorkspaceMembers.Input.Query: PageQueryInput {}
