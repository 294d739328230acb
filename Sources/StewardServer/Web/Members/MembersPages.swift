import Foundation
import StewardCore
import StewardStore
import Vapor

/// The members page of an organisation or a workspace. Actions that end on it (an invite, a new
/// link) render it through here.
enum MembersPages {
    static func page(req: Request, place: Place) async throws -> Response {
        let userID = try req.userID
        let ctx = try await req.services.members.context(place, user: userID)
        let members = try await req.services.members.list(place, page: try req.webPage(), by: userID)
        let canManage = ctx.canManageMembers
        let path = Paths.members(place)
        let rows = members.items.map { m in
            let canAct = MemberRules.mayActOn(
                m, viewer: userID, viewerRole: ctx.role, viewerManagesMembers: canManage)
            return MemberRowVM(
                name: m.user.name, email: m.user.email, role: RoleBadgeVM(m.role, source: m.source),
                paidSeat: m.paidSeat, isYou: m.user.id == userID, canChange: canAct, canRemove: canAct,
                roleOptions: MemberRules.roleChoices(actor: ctx.role, for: m.role, kind: ctx.workspaceKind).map {
                    RoleOptionVM($0, selected: $0 == m.role)
                },
                rolePath: path + "/\(m.user.id)/role", removePath: path + "/\(m.user.id)/remove",
                lacksTwoFactor: ctx.org.requiresTwoFactor && m.twoFactorShown == false)
        }
        var tabs: WorkspaceTabsVM?
        var seatLine: String?
        if case .workspace(let workspace) = ctx {
            tabs = try await WorkspaceTabsVM.load(req, workspace, active: "members")
            if workspace.can(.viewUsage) || canManage {
                let seats = try await req.services.access.seats(workspace.workspace.id, by: userID)
                seatLine =
                    "Seats on the billing account: \(seats.seatsUsed) in use"
                    + (seats.pendingSeats > 0 ? " + \(seats.pendingSeats) reserved by pending invites" : "")
                    + " · observers are free"
            }
        }
        return try await req.page(
            "members", title: "Members of \(ctx.name)",
            MembersPageVM(
                tabs: tabs, orgName: ctx.org.name, orgPath: Paths.org(ctx.org.id), scopeLabel: place.noun,
                members: rows, membersPager: PagerVM(req, next: members.next, label: "More members"),
                canManage: canManage, invites: try await InviteSections.sections(req, ctx),
                leavePath: path + "/\(userID)/remove", seatLine: seatLine,
                requiresTwoFactor: ctx.org.requiresTwoFactor))
    }
}
