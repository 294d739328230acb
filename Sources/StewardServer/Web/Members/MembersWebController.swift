import Foundation
import StewardCore
import StewardStore
import Vapor

/// Members of an organisation or a workspace: the page (`MembersPages`), adding by email, role
/// changes and removals. One set of handlers serves both places; the path says which.
struct MembersWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        for place in PlaceParameter.allCases {
            app.on(place.membersPage) { try await MembersPages.page(req: $0, place: place.place(in: $0)) }
            app.on(place.addMembers) { try await add(req: $0, place: place.place(in: $0)) }
            app.on(place.changeRole) { try await changeRole(req: $0, place: place.place(in: $0)) }
            app.on(place.removeMember) { try await remove(req: $0, place: place.place(in: $0)) }
        }
    }

    func add(req: Request, place: Place) async throws -> Response {
        let form = try req.form(AddForm.self)
        let results = try await req.services.invites.invite(
            to: place, emails: [InviteSections.addressField(form.emails)], role: form.role, by: try req.userID)
        return try await InviteSections.showResults(req, path: Paths.members(place), results) {
            try await MembersPages.page(req: $0, place: place)
        }
    }

    func changeRole(req: Request, place: Place) async throws -> Response {
        let form = try req.form(AddForm.self)
        let member = try await req.services.members.changeRole(
            in: place, member: try req.id("userId", "That member"), to: form.role, by: try req.userID)
        return req.see(Paths.members(place), notice: "\(member.user.name) is now \(member.role.rawValue).")
    }

    func remove(req: Request, place: Place) async throws -> Response {
        let target: UserID = try req.id("userId", "That member")
        try await req.services.members.remove(target, from: place, by: try req.userID)
        if target == (try req.userID) { return req.see(Paths.workspaces, notice: "You left the \(place.noun).") }
        return req.see(Paths.members(place), notice: "Member removed.")
    }
}
