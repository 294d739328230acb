import Foundation
import StewardCore
import StewardStore
import Vapor

/// The invite dialog and the lists beside it on the members pages: pending invites, links and
/// access requests, and what the last invite did.
enum InviteSections {
    /// The invite dialog and the lists beside it; nil for people who may not manage members.
    /// Invite links and access requests are a workspace's alone (NOTES §5).
    static func sections(_ req: Request, _ ctx: PlaceContext) async throws -> InviteSectionsVM? {
        guard ctx.canManageMembers else { return nil }
        let userID = try req.userID
        let path = Paths.members(ctx.place)
        let roles = MemberRules.inviteChoices(actor: ctx.role, kind: ctx.workspaceKind)
        let preselected = MemberRules.defaultInvite(in: ctx.place)
        let pending = try await req.services.invites.pending(
            in: ctx.place, page: try req.webPage("invites"), by: userID)
        let csrf = req.csrfToken
        var sections = InviteSectionsVM(
            dialog: InviteDialogVM(
                csrf: csrf, placeName: ctx.name, scopeLabel: ctx.place.noun, emailPath: path,
                roles: roles.map { RoleChoiceVM($0, selected: $0 == preselected) }, seats: nil,
                orgRolesNote: true, linkPath: nil, linkRoles: [], defaultLinkDays: InvitePolicy.defaultLinkDays,
                maximumLinkDays: InvitePolicy.maximumLinkDays, maximumAddresses: InvitePolicy.maximumAddresses),
            pending: PendingInvitesVM(
                csrf: csrf, back: path, showPlace: false, rows: pending.items.map { .init($0, place: nil) },
                pager: PagerVM(req, param: "invites", next: pending.next, label: "Older pending invites"),
                seatNote: ctx.place.invitesReserveSeats
                    ? PendingInvitesVM.workspaceSeatNote : PendingInvitesVM.orgSeatNote),
            isWorkspace: false, linksPager: PagerVM(req, next: nil), links: [],
            requests: AccessRequestsVM(csrf: csrf, back: path, showWorkspace: false, rows: []),
            outcome: InviteOutcome.take(req, path: path).map(InviteOutcomeVM.init))
        guard case .workspace(let workspace) = ctx else { return sections }
        let id = workspace.workspace.id
        let seats = try await req.services.access.seats(id, by: userID)
        let links = try await req.services.invites.links(in: id, page: try req.webPage("links"), by: userID)
        let requests = try await req.services.access.requests(in: id, page: try req.webPage("requests"), by: userID)
        sections.isWorkspace = true
        sections.dialog.seats = SeatsVM(seats)
        sections.dialog.orgRolesNote = false
        sections.dialog.linkPath = Paths.workspaceInviteLinks(id)
        sections.dialog.linkRoles = roles.filter { $0.isLinkInvitable }.map {
            RoleChoiceVM($0, selected: $0 == preselected)
        }
        sections.links = links.items.map { link in
            LinkRowVM(
                role: RoleBadgeVM(link.role),
                uses: link.maxUses.map { max in "\(link.uses) of \(max)" } ?? "\(link.uses)",
                expires: Format.date(link.expiresAt), createdBy: link.createdBy?.name ?? "Someone who left",
                revokePath: Paths.inviteLinkRevoke(link.id))
        }
        sections.linksPager = PagerVM(req, param: "links", next: links.next, label: "Older invite links")
        sections.requests = AccessRequestsVM(
            csrf: csrf, back: path, showWorkspace: false,
            rows: requests.items.map { AccessRequestRowVM($0, roles: approvableRoles(workspace.role)) },
            pager: PagerVM(req, param: "requests", next: requests.next, label: "Later requests"))
        return sections
    }

    /// Roles an access request can be approved with: the inside roles this person may grant
    /// (requesters are in the organisation, so outside roles do not apply to them).
    static func approvableRoles(_ actor: WorkspaceRole) -> [RoleOptionVM] {
        GrantRule.grantableInvites(by: actor).filter { !$0.isOutsideRole }.map {
            RoleOptionVM(
                value: $0.rawValue, label: $0.rawValue.capitalized, summary: $0.summary, selected: $0 == .member)
        }
    }

    /// A textarea sends line breaks as CR LF, which Swift reads as one character that the
    /// address splitter does not know; plain line feeds separate the addresses.
    static func addressField(_ raw: String?) -> String {
        (raw ?? "").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// After an email invite from a members page: each address's outcome, shown on that page.
    static func showResults(
        _ req: Request, path: String, _ results: [AddResult],
        render: @escaping @Sendable (Request) async throws -> Response
    ) async throws -> Response {
        var details: [String] = []
        let stored = results.map { result -> InviteOutcome.Result in
            guard let error = result.error else {
                return .init(e: result.email, o: result.outcome?.rawValue, d: nil)
            }
            if let index = details.firstIndex(of: error.detail) { return .init(e: result.email, o: nil, d: index) }
            details.append(error.detail)
            return .init(e: result.email, o: nil, d: details.count - 1)
        }
        return try await InviteOutcome.show(
            InviteOutcome(path: path, results: stored, details: details, link: nil), req, render: render)
    }
}
