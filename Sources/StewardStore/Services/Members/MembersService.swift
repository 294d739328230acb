import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The people of a place, organisation or workspace alike: the list, one member, role changes and
/// removals (`+Changes`). Adding people is `InviteService.invite(to:)`. What differs between the
/// two places is a rule in `MemberRules` or a query in `PeopleQueries`, not a second flow.
public struct MembersService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    public func context(_ place: Place, user: UserID) async throws -> PlaceContext {
        try await PlaceContext.load(place, user: user, on: db)
    }

    /// Highest role first, then by name. A workspace lists its explicit members and the org roles
    /// that oversee it; an organisation needs `viewOrganisation` to be listed.
    public func list(_ place: Place, page: PageQuery = .first, by actor: UserID) async throws -> ListPage<Member> {
        try await people(of: try await context(place, user: actor), page: page)
    }

    /// One member, or nil when the person is not (or no longer) in the place.
    public func member(_ place: Place, _ target: UserID, by actor: UserID) async throws -> Member? {
        let ctx = try await context(place, user: actor)
        return try await people(of: ctx, page: PageQuery(limit: 1), only: target.uuid).items.first
    }

    func people(of ctx: PlaceContext, page: PageQuery, only person: UUID? = nil) async throws -> ListPage<Member> {
        var members: ListPage<Member>
        switch ctx {
        case .org(let c):
            try Access.require(c.role, .viewOrganisation)
            members = try await PeopleQueries.orgMembers(c.org.id, page: page, only: person, on: db)
        case .workspace(let c):
            members = try await PeopleQueries.workspaceMembers(c.workspace, page: page, only: person, on: db)
        }
        // Who signs in with two-factor is shown only to those who manage members (NOTES §12).
        let showsTwoFactor = ctx.canManageMembers
        members.items = members.items.map { member in
            var shown = member
            shown.twoFactorShown = showsTwoFactor ? member.user.twoFactorEnabled : nil
            return shown
        }
        return members
    }
}
