import Foundation
import StewardCore
import StewardStore
import Vapor

/// Members of an organisation or a workspace: the pages (`MembersPages`), adding by email, role
/// changes and removals.
struct MembersWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        app.get("orgs", ":orgId", "members", use: MembersPages.org(req:))
        app.post("orgs", ":orgId", "members", use: addOrgMembers)
        app.post("orgs", ":orgId", "members", ":userId", "role", use: changeOrgRole)
        app.post("orgs", ":orgId", "members", ":userId", "remove", use: removeOrgMember)
        app.get("w", ":id", "members", use: MembersPages.workspace(req:))
        app.post("w", ":id", "members", use: addWorkspaceMembers)
        app.post("w", ":id", "members", ":userId", "role", use: changeWorkspaceRole)
        app.post("w", ":id", "members", ":userId", "remove", use: removeWorkspaceMember)
    }

    func addOrgMembers(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let results = try await req.services.invites.inviteToOrg(
            orgID, emails: [InviteSections.addressField(form.emails)], role: form.role, by: try req.userID)
        return try await InviteSections.showResults(req, path: Paths.orgMembers(orgID), results) {
            try await MembersPages.org(req: $0)
        }
    }

    func changeOrgRole(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let member = try await req.services.orgs.changeRole(
            orgID, member: try req.id("userId", "That member"), to: form.role, by: try req.userID)
        return req.see(Paths.orgMembers(orgID), notice: "\(member.user.name) is now \(member.role.rawValue).")
    }

    func removeOrgMember(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let target: UserID = try req.id("userId", "That member")
        try await req.services.orgs.remove(orgID, member: target, by: try req.userID)
        if target == (try req.userID) { return req.see(Paths.workspaces, notice: "You left the organisation.") }
        return req.see(Paths.orgMembers(orgID), notice: "Member removed.")
    }

    func addWorkspaceMembers(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        let results = try await req.services.invites.inviteToWorkspace(
            id, emails: [InviteSections.addressField(form.emails)], role: form.role, by: try req.userID)
        return try await InviteSections.showResults(req, path: Paths.workspaceMembers(id), results) {
            try await MembersPages.workspace(req: $0)
        }
    }

    func changeWorkspaceRole(req: Request) async throws -> Response {
        let form = try req.form(AddForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        let member = try await req.services.workspaces.changeRole(
            id, member: try req.id("userId", "That member"), to: form.role, by: try req.userID)
        return req.see(Paths.workspaceMembers(id), notice: "\(member.user.name) is now \(member.role.rawValue).")
    }

    func removeWorkspaceMember(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let target: UserID = try req.id("userId", "That member")
        try await req.services.workspaces.remove(id, member: target, by: try req.userID)
        if target == (try req.userID) { return req.see(Paths.workspaces, notice: "You left the workspace.") }
        return req.see(Paths.workspaceMembers(id), notice: "Member removed.")
    }
}
