import Foundation
import StewardCore
import StewardStore
import Vapor

/// The members pages of an organisation and of a workspace. Actions that end on one of them
/// (an invite, a new link) render it through here.
enum MembersPages {
    static func org(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let userID = try req.userID
        let ctx = try await req.services.orgs.context(orgID, user: userID)
        let members = try await req.services.orgs.members(orgID, page: try req.webPage(), by: userID)
        let canManage = ctx.can(.manageMembers)
        let assignable = GrantRule.assignableRoles(by: ctx.role)
        let rows = members.items.map { m in
            let canAct = canManage && m.user.id != userID && !m.role.isAbove(ctx.role)
            return MemberRowVM(
                name: m.user.name, email: m.user.email, role: RoleBadgeVM(m.role), paidSeat: false,
                isYou: m.user.id == userID, canChange: canAct, canRemove: canAct,
                roleOptions: assignable.map {
                    RoleOptionVM(
                        value: $0.rawValue, label: $0.rawValue.capitalized, summary: $0.summary, selected: $0 == m.role)
                },
                rolePath: Paths.orgMembers(orgID) + "/\(m.user.id)/role",
                removePath: Paths.orgMembers(orgID) + "/\(m.user.id)/remove",
                lacksTwoFactor: ctx.org.requiresTwoFactor && m.twoFactorShown == false)
        }
        return try await req.page(
            "members", title: "Members of \(ctx.org.name)",
            MembersPageVM(
                tabs: nil, orgName: ctx.org.name, orgPath: Paths.org(orgID), scopeLabel: "organisation", members: rows,
                membersPager: PagerVM(req, next: members.next, label: "More members"), canManage: canManage,
                invites: try await InviteSections.orgSections(req, ctx),
                leavePath: Paths.orgMembers(orgID) + "/\(userID)/remove", seatLine: nil,
                requiresTwoFactor: ctx.org.requiresTwoFactor))
    }

    static func workspace(req: Request) async throws -> Response {
        let id: WorkspaceID = try req.id("id", "That workspace")
        let userID = try req.userID
        let ctx = try await req.services.workspaces.context(id, user: userID)
        let members = try await req.services.workspaces.members(id, page: try req.webPage(), by: userID)
        let canManage = ctx.can(.manageMembers)
        let assignable = GrantRule.assignableRoles(by: ctx.role).filter {
            $0 != .observer || ctx.workspace.kind == .externalClient
        }
        let rows = members.items.map { m in
            let canAct = canManage && m.user.id != userID && !m.role.isAbove(ctx.role)
            return MemberRowVM(
                name: m.user.name, email: m.user.email, role: RoleBadgeVM(m.role, source: m.source),
                paidSeat: m.paidSeat, isYou: m.user.id == userID, canChange: canAct, canRemove: canAct,
                // Outside and inside roles don't turn into each other by a role change (NOTES §4),
                // so each row offers only its own side.
                roleOptions: assignable.filter { $0.isOutsideRole == m.role.isOutsideRole }.map {
                    RoleOptionVM(
                        value: $0.rawValue, label: $0.rawValue.capitalized, summary: $0.summary, selected: $0 == m.role)
                },
                rolePath: Paths.workspaceMembers(id) + "/\(m.user.id)/role",
                removePath: Paths.workspaceMembers(id) + "/\(m.user.id)/remove",
                lacksTwoFactor: ctx.org.requiresTwoFactor && m.twoFactorShown == false)
        }
        var seatLine: String?
        if ctx.can(.viewUsage) || canManage {
            let seats = try await req.services.access.seats(id, by: userID)
            seatLine =
                "Seats on the billing account: \(seats.seatsUsed) in use"
                + (seats.pendingSeats > 0 ? " + \(seats.pendingSeats) reserved by pending invites" : "")
                + " · observers are free"
        }
        return try await req.page(
            "members", title: "Members of \(ctx.workspace.name)",
            MembersPageVM(
                tabs: try await WorkspaceTabsVM.load(req, ctx, active: "members"), orgName: ctx.org.name,
                orgPath: Paths.org(ctx.org.id),
                scopeLabel: "workspace", members: rows,
                membersPager: PagerVM(req, next: members.next, label: "More members"), canManage: canManage,
                invites: try await InviteSections.workspaceSections(req, ctx),
                leavePath: Paths.workspaceMembers(id) + "/\(userID)/remove", seatLine: seatLine,
                requiresTwoFactor: ctx.org.requiresTwoFactor))
    }
}
