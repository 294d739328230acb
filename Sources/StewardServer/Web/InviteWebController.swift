import Foundation
import StewardCore
import StewardStore
import Vapor

/// Pages for invites and access (seeds: invites & access; NOTES §5, §6): the invite dialog's
/// forms, pending invites and links, access requests, the accept page, discovery actions, the
/// organisation overview and the development mailbox. Every action calls the same service as
/// the API; what a role cannot do is hidden here and refused by the service anyway.
struct InviteWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        web.get("invitations", ":token", use: invitationPage)
        web.post("invitations", ":token", "accept", use: acceptInvitation)
        web.post("invitations", ":token", "decline", use: declineInvitation)
        web.get("dev", "mailbox", use: mailbox)
        web.get("dev", "mailbox", ":emailId", use: mailboxEmail)
        web.get("dev", "mailbox", ":emailId", "html", use: mailboxHTML)

        app.post("w", ":id", "invite-links", use: createLink)
        app.post("invite-links", ":linkId", "revoke", use: revokeLink)
        app.post("invites", ":inviteId", "resend", use: resend)
        app.post("invites", ":inviteId", "cancel", use: cancel)
        app.post("w", ":id", "join", use: join)
        app.post("w", ":id", "access-requests", use: requestAccess)
        app.post("access-requests", ":requestId", "approve", use: approve)
        app.post("access-requests", ":requestId", "deny", use: deny)
        app.get("orgs", ":orgId", "overview", use: overview)
    }

    // MARK: Forms

    struct ActionForm: Content {
        /// The page to return to (a same-site path).
        var back: String?
        var role: String?
        var message: String?
        var expiresInDays: String?
        var maxUses: String?
    }

    private func uuid(_ req: Request, _ name: String, _ what: String) throws -> UUID {
        guard let raw = req.parameters.get(name), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound(what)
        }
        return id
    }

    /// Where an action returns to: the form's `back`, else the page it came from.
    private func back(_ req: Request, _ form: ActionForm?, fallback: String = Paths.workspaces) -> String {
        if let back = form?.back, !back.isEmpty { return Paths.safeNext(back) }
        return ErrorPage.sameSiteReferer(req) ?? fallback
    }

    private static func optionalNumber(_ raw: String?, field: String) throws -> Int? {
        let trimmed = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let number = Int(trimmed) else { throw DomainError.invalid(field, "must be a whole number") }
        return number
    }

    // MARK: Pending invites, links, access requests

    func resend(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        let invite = try await req.services.invites.resend(
            try uuid(req, "inviteId", "That invite"), by: try req.userID)
        return req.see(
            back(req, form),
            notice: "Invite to \(invite.email) sent again. The old link no longer works; "
                + "the new one is valid until \(Format.date(invite.expiresAt)).")
    }

    func cancel(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        try await req.services.invites.cancel(try uuid(req, "inviteId", "That invite"), by: try req.userID)
        return req.see(back(req, form), notice: "Invite cancelled. Its link no longer works.")
    }

    func createLink(req: Request) async throws -> Response {
        let form = try req.form(ActionForm.self)
        let id: WorkspaceID = try req.id("id", "That workspace")
        let days = try Self.optionalNumber(form.expiresInDays, field: "expiresInDays")
        let maxUses = try Self.optionalNumber(form.maxUses, field: "maxUses")
        let link = try await req.services.invites.createLink(
            in: id, role: form.role, expiresInDays: days, maxUses: maxUses, by: try req.userID)
        let path = Paths.workspaceMembers(id)
        let outcome = InviteOutcome(
            path: path, results: [], details: [],
            link: .init(
                url: link.url ?? "", role: link.role.rawValue, expires: Format.date(link.expiresAt),
                maxUses: link.maxUses))
        return try await InviteOutcome.show(outcome, req) { try await WebController().workspaceMembersPage(req: $0) }
    }

    func revokeLink(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        try await req.services.invites.revokeLink(try uuid(req, "linkId", "That link"), by: try req.userID)
        return req.see(back(req, form), notice: "Invite link switched off. Nobody can join with it any more.")
    }

    func approve(req: Request) async throws -> Response {
        let form = try req.form(ActionForm.self)
        let request = try await req.services.access.approve(
            try uuid(req, "requestId", "That request"), role: form.role, by: try req.userID)
        return req.see(
            back(req, form),
            notice: "\(request.requester.name) can now enter “\(request.workspaceName)”. They have been told.")
    }

    func deny(req: Request) async throws -> Response {
        let form = try? req.form(ActionForm.self)
        let request = try await req.services.access.deny(
            try uuid(req, "requestId", "That request"), by: try req.userID)
        return req.see(
            back(req, form), notice: "Request from \(request.requester.name) denied. They have been told.")
    }

    // MARK: Discovery

    func join(req: Request) async throws -> Response {
        let ctx = try await req.services.access.join(try req.id("id", "That workspace"), by: try req.userID)
        return req.see(
            Paths.workspace(ctx.workspace.id),
            notice: "You joined “\(ctx.workspace.name)” as \(ctx.role.rawValue).")
    }

    func requestAccess(req: Request) async throws -> Response {
        let form = try req.form(ActionForm.self)
        let (request, created) = try await req.services.access.request(
            try req.id("id", "That workspace"), message: form.message, by: try req.userID)
        return req.see(
            back(req, form),
            notice: created
                ? "You asked to join “\(request.workspaceName)”. Its admins have been told and will decide."
                : "You already asked to join “\(request.workspaceName)”. The request is waiting for an admin.")
    }

    /// The organisation page's workspace list: everything this person may know about, with what
    /// they can do about each (NOTES §6).
    static func discoveryItems(_ req: Request, org: OrgID) async throws -> ListPage<DiscoveryItemVM> {
        try await req.services.access.discover(in: org, page: try req.webPage(), by: try req.userID).map { item in
            DiscoveryItemVM(
                name: item.workspace.name, path: Paths.workspace(item.workspace.id),
                role: item.role.map { RoleBadgeVM($0, source: item.access ?? .membership) },
                visibility: item.workspace.visibility.displayName,
                kind: item.workspace.kind == .externalClient ? "External client" : "Internal",
                isMember: item.status == .member, canJoin: item.status == .canJoin,
                canRequest: item.status == .canRequest, requested: item.status == .requested,
                joinPath: Paths.workspaceJoin(item.workspace.id),
                requestPath: Paths.workspaceAccessRequests(item.workspace.id), back: Paths.org(org))
        }
    }

    // MARK: The members pages' invite sections

    /// The invite dialog and the lists beside it on a workspace's members page; nil for people
    /// who may not manage members.
    static func workspaceSections(_ req: Request, _ ctx: WorkspaceContext) async throws -> InviteSectionsVM? {
        guard ctx.can(.manageMembers) else { return nil }
        let id = ctx.workspace.id
        let userID = try req.userID
        let path = Paths.workspaceMembers(id)
        let roles = GrantRule.grantableInvites(by: ctx.role).filter {
            (try? OutsideRoleRule.checkWorkspaceRole($0, current: nil, isOrgMember: false, kind: ctx.workspace.kind))
                != nil
        }
        let seats = try await req.services.access.seats(id, by: userID)
        let pending = try await req.services.invites.pending(
            inWorkspace: id, page: try req.webPage("invites"), by: userID)
        let links = try await req.services.invites.links(in: id, page: try req.webPage("links"), by: userID)
        let requests = try await req.services.access.requests(in: id, page: try req.webPage("requests"), by: userID)
        let csrf = req.csrfToken
        return InviteSectionsVM(
            dialog: InviteDialogVM(
                csrf: csrf, placeName: ctx.workspace.name, scopeLabel: "workspace", emailPath: path,
                roles: roles.map { RoleChoiceVM($0, selected: $0 == .member) },
                seats: SeatsVM(seats), orgRolesNote: false, linkPath: Paths.workspaceInviteLinks(id),
                linkRoles: roles.filter { WorkspaceRole.linkInvitable.contains($0) }.map {
                    RoleChoiceVM($0, selected: $0 == .member)
                }, defaultLinkDays: InvitePolicy.defaultLinkDays, maximumLinkDays: InvitePolicy.maximumLinkDays,
                maximumAddresses: InvitePolicy.maximumAddresses),
            pending: PendingInvitesVM(
                csrf: csrf, back: path, showPlace: false, rows: pending.items.map { .init($0, place: nil) },
                pager: PagerVM(req, param: "invites", next: pending.next, label: "Older pending invites")),
            isWorkspace: true,
            linksPager: PagerVM(req, param: "links", next: links.next, label: "Older invite links"),
            links: links.items.map { link in
                LinkRowVM(
                    role: RoleBadgeVM(link.role),
                    uses: link.maxUses.map { max in "\(link.uses) of \(max)" } ?? "\(link.uses)",
                    expires: Format.date(link.expiresAt), createdBy: link.createdBy?.name ?? "Someone who left",
                    revokePath: Paths.inviteLinkRevoke(link.id))
            },
            requests: AccessRequestsVM(
                csrf: csrf, back: path, showWorkspace: false,
                rows: requests.items.map { AccessRequestRowVM($0, roles: approvableRoles(ctx.role)) },
                pager: PagerVM(req, param: "requests", next: requests.next, label: "Later requests")),
            outcome: InviteOutcome.take(req, path: path).map(InviteOutcomeVM.init))
    }

    /// The invite dialog and pending invites on an organisation's members page.
    static func orgSections(_ req: Request, _ ctx: OrgContext) async throws -> InviteSectionsVM? {
        guard ctx.can(.manageMembers) else { return nil }
        let id = ctx.org.id
        let path = Paths.orgMembers(id)
        let pending = try await req.services.invites.pending(
            inOrg: id, page: try req.webPage("invites"), by: try req.userID)
        let csrf = req.csrfToken
        return InviteSectionsVM(
            dialog: InviteDialogVM(
                csrf: csrf, placeName: ctx.org.name, scopeLabel: "organisation", emailPath: path,
                roles: GrantRule.grantableInvites(by: ctx.role).map { RoleChoiceVM($0, selected: $0 == .member) },
                seats: nil, orgRolesNote: true, linkPath: nil, linkRoles: [],
                defaultLinkDays: InvitePolicy.defaultLinkDays, maximumLinkDays: InvitePolicy.maximumLinkDays,
                maximumAddresses: InvitePolicy.maximumAddresses),
            pending: PendingInvitesVM(
                csrf: csrf, back: path, showPlace: false, rows: pending.items.map { .init($0, place: nil) },
                pager: PagerVM(req, param: "invites", next: pending.next, label: "Older pending invites")),
            isWorkspace: false, linksPager: PagerVM(req, next: nil), links: [],
            requests: AccessRequestsVM(csrf: csrf, back: path, showWorkspace: false, rows: []),
            outcome: InviteOutcome.take(req, path: path).map(InviteOutcomeVM.init))
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

    // MARK: The accept page

    struct InvitationPageVM: Encodable {
        var heading: String
        var lead: String
        var placeName: String
        var scopeNoun: String
        var scopeTitle: String
        var role: RoleBadgeVM
        var roleSummary: String
        var expires: String
        var isEmail: Bool
        var invitedEmail: String?
        var isDataOwner: Bool
        var isPending: Bool
        var signedOut: Bool
        var canAccept: Bool
        var canDecline: Bool
        var wrongAccount: Bool
        var signedInEmail: String
        var reason: String
        var signInPath: String
        var registerPath: String
        var acceptPath: String
        var declinePath: String
        var logoutPath: String
        var selfPath: String
        var plainSignInPath: String
        var inviterName: String
        var alreadyInPath: String?
        var joinPath: String?
        var requestPath: String?
        var requested: Bool
    }

    func invitationPage(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        let view = try await req.services.invites.invitation(token: token)
        let selfPath = Paths.invitation(token)
        let user = req.currentUser?.user
        let isEmail = view.kind == "email"
        let isPending = view.status == .pending
        let wrongAccount =
            isEmail && user != nil
            && (try? InvitationRule.checkAccount(invited: view.email ?? "", signedIn: user?.email ?? "")) == nil
        let inviter = view.inviterName ?? "Someone"
        let scopeNoun = view.scope == "org" ? "organisation" : "workspace"
        let (badge, summary) = Self.role(view.role, scope: view.scope)

        var alreadyIn: String?
        var joinPath: String?
        var requestPath: String?
        var requested = false
        if !isPending, let user, let workspaceID = view.workspaceID,
            let found = try await req.services.access.discovered(workspaceID, by: user.id)
        {
            switch found.status {
            case .member: alreadyIn = Paths.workspace(workspaceID)
            case .canJoin: joinPath = Paths.workspaceJoin(workspaceID)
            case .canRequest: requestPath = Paths.workspaceAccessRequests(workspaceID)
            case .requested: requested = true
            }
        } else if !isPending, let user, view.workspaceID == nil,
            (try? await req.services.orgs.context(view.orgID, user: user.id)) != nil
        {
            alreadyIn = Paths.org(view.orgID)
        }

        let heading: String
        switch view.status {
        case .pending:
            heading = isEmail ? "\(inviter) invited you to “\(view.name)”" : "You're invited to “\(view.name)”"
        case .expired: heading = "This invitation has expired"
        case .cancelled: heading = "This invitation is no longer valid"
        case .used: heading = "This invitation was already used"
        case .revoked: heading = "This invite link was switched off"
        case .declined: heading = "This invitation was declined"
        case .void: heading = "This invitation no longer applies"
        }
        let lead =
            isPending
            ? (isEmail
                ? "Join the \(scopeNoun) “\(view.name)” on Steward as \(Self.article(view.role)) \(view.role)."
                : "\(inviter) shared a link to join the \(scopeNoun) “\(view.name)” on Steward as "
                    + "\(Self.article(view.role)) \(view.role).")
            : "It was an invitation to the \(scopeNoun) “\(view.name)”."
        let email = view.email ?? ""
        return try await req.page(
            "invitation", title: isPending ? "Invitation to \(view.name)" : heading,
            InvitationPageVM(
                heading: heading, lead: lead, placeName: view.name, scopeNoun: scopeNoun,
                scopeTitle: scopeNoun.capitalized, role: badge,
                roleSummary: summary, expires: Format.date(view.expiresAt), isEmail: isEmail,
                invitedEmail: view.email, isDataOwner: view.isDataOwnerInvite, isPending: isPending,
                signedOut: user == nil, canAccept: isPending && user != nil && !wrongAccount,
                canDecline: isPending && isEmail && user != nil && !wrongAccount,
                wrongAccount: isPending && wrongAccount, signedInEmail: user?.email ?? "",
                reason: InvitationRule.acceptError(for: view.status)?.detail ?? "",
                signInPath: Self.authPath("/login", token: token, email: email),
                registerPath: Self.authPath(Paths.register, token: token, email: email),
                acceptPath: Paths.invitationAccept(token), declinePath: Paths.invitationDecline(token),
                logoutPath: Paths.logout, selfPath: selfPath, plainSignInPath: Paths.login(next: selfPath),
                inviterName: inviter, alreadyInPath: alreadyIn, joinPath: joinPath, requestPath: requestPath,
                requested: requested))
    }

    static func authPath(_ base: String, token: String, email: String) -> String {
        var path = base + "?invitation=" + (token.addingPercentEncoding(withAllowedCharacters: Paths.urlSafe) ?? "")
        if !email.isEmpty {
            path += "&email=" + (email.addingPercentEncoding(withAllowedCharacters: Paths.urlSafe) ?? "")
        }
        return path
    }

    static func role(_ raw: String, scope: String) -> (RoleBadgeVM, String) {
        if scope == "org", let role = OrgRole(rawValue: raw) { return (RoleBadgeVM(role), role.summary) }
        if let role = WorkspaceRole(rawValue: raw) { return (RoleBadgeVM(role), role.summary) }
        return (RoleBadgeVM(label: raw, outside: false, viaOrganisation: false), "")
    }

    static func article(_ word: String) -> String {
        guard let first = word.lowercased().first else { return "a" }
        return "aeiou".contains(first) ? "an" : "a"
    }

    func acceptInvitation(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let user = req.currentUser?.user else { return req.see(Paths.invitation(token)) }
        return try await Self.accept(req, token: token, user: user.id)
    }

    /// Accepts and goes in, with a welcome; a refusal returns to the invitation page with the
    /// reason (an unknown token is the normal 404).
    static func accept(_ req: Request, token: String, user: UserID) async throws -> Response {
        let view = try await req.services.invites.invitation(token: token)
        do {
            let result = try await req.services.invites.accept(token: token, by: user)
            let destination = result.workspaceID.map(Paths.workspace) ?? Paths.org(result.orgID)
            let notice =
                result.outcome == .alreadyMember
                ? "You're already in “\(view.name)” as \(result.role)."
                : "Welcome to “\(view.name)”. You're in as \(article(result.role)) \(result.role)."
            return req.see(destination, notice: notice)
        } catch let error as DomainError where error.kind != .notFound {
            return req.seeError(Paths.invitation(token), error.detail)
        }
    }

    /// After signing in or registering from an invitation: accept it, or show why not.
    static func acceptAfterSignIn(_ req: Request, token: String, user: UserID) async throws -> Response {
        do {
            return try await accept(req, token: token, user: user)
        } catch let error as DomainError where error.kind == .notFound {
            return req.seeError(Paths.workspaces, error.detail)
        }
    }

    func declineInvitation(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let user = req.currentUser?.user else { return req.see(Paths.invitation(token)) }
        let view = try await req.services.invites.invitation(token: token)
        do {
            try await req.services.invites.decline(token: token, by: user.id)
        } catch let error as DomainError where error.kind != .notFound {
            return req.seeError(Paths.invitation(token), error.detail)
        }
        return req.see(
            Paths.workspaces, notice: "You declined the invitation to “\(view.name)”. Nothing else changes.")
    }

    /// What the sign-in and registration pages say when they come from an invitation.
    static func authInvitation(_ req: Request) async -> AuthInvitationVM? {
        guard let token = req.query[String.self, at: "invitation"], !token.isEmpty,
            let view = try? await req.services.invites.invitation(token: token), view.status == .pending
        else { return nil }
        return AuthInvitationVM(
            token: token, placeName: view.name, role: view.role, email: view.email,
            emailFixed: view.kind == "email")
    }

    /// Your invitations on the workspaces page: live invites addressed to you.
    static func myInvitations(_ req: Request) async throws -> [MyInvitationVM] {
        // Invites are matched by address: only a proven one sees them (NOTES §12).
        guard req.currentUser?.user.emailVerified == true else { return [] }
        return try await req.services.invites.mine(try req.userID).map {
            MyInvitationVM(
                name: $0.name, scopeNoun: $0.scope == "org" ? "organisation" : "workspace",
                role: role($0.role, scope: $0.scope).0, invitedBy: $0.invitedBy ?? "Someone",
                expires: Format.date($0.expiresAt), acceptPath: Paths.invitationAccept($0.token),
                declinePath: Paths.invitationDecline($0.token))
        }
    }

    // MARK: The organisation overview

    struct OverviewVM: Encodable {
        struct Member: Encodable {
            var name: String
            var email: String
            var orgRole: RoleBadgeVM?
            var workspaces: [WorkspaceRoleVM]
        }
        struct WorkspaceRoleVM: Encodable {
            var name: String
            var path: String
            var role: RoleBadgeVM
        }
        struct WorkspaceItem: Encodable {
            var name: String
            var path: String
            var visibility: String
            var kind: String
        }
        var orgName: String
        var orgPath: String
        var membersPath: String
        var members: [Member]
        var workspaces: [WorkspaceItem]
        var requests: AccessRequestsVM
        var pending: PendingInvitesVM
    }

    func overview(req: Request) async throws -> Response {
        let orgID: OrgID = try req.id("orgId", "That organisation")
        let userID = try req.userID
        let overview = try await req.services.access.overview(orgID, by: userID)
        let ctx = try await req.services.orgs.context(orgID, user: userID)
        let path = Paths.orgOverview(orgID)
        let names = Dictionary(uniqueKeysWithValues: overview.workspaces.map { ($0.id, $0.name) })
        // Org owners and admins decide requests as workspace admins would (AccessService.approve).
        let roles = Self.approvableRoles(.admin)
        return try await req.page(
            "overview", title: "Overview of \(ctx.org.name)",
            OverviewVM(
                orgName: ctx.org.name, orgPath: Paths.org(orgID), membersPath: Paths.orgMembers(orgID),
                members: overview.members.map { m in
                    .init(
                        name: m.user.name, email: m.user.email, orgRole: m.role.map(RoleBadgeVM.init),
                        workspaces: m.workspaceRoles.map {
                            .init(
                                name: $0.workspace.name, path: Paths.workspace($0.workspace.id),
                                role: RoleBadgeVM($0.role))
                        })
                },
                workspaces: overview.workspaces.map {
                    .init(
                        name: $0.name, path: Paths.workspace($0.id), visibility: $0.visibility.displayName,
                        kind: $0.kind == .externalClient ? "External client" : "Internal")
                },
                requests: AccessRequestsVM(
                    csrf: req.csrfToken, back: path, showWorkspace: true,
                    rows: overview.accessRequests.map { AccessRequestRowVM($0, roles: roles) }),
                pending: PendingInvitesVM(
                    csrf: req.csrfToken, back: path, showPlace: true,
                    rows: overview.pendingInvites.map {
                        .init($0, place: $0.workspaceID.flatMap { names[$0] } ?? "Organisation")
                    })))
    }

    // MARK: The development mailbox

    private func requireMailbox(_ req: Request) throws {
        guard req.application.stewardConfig.devMailboxEnabled else { throw DomainError.notFound("That page") }
    }

    struct MailboxVM: Encodable {
        struct Item: Encodable {
            var to: String
            var subject: String
            var kind: String
            var status: String
            var time: String
            var path: String
        }
        var emails: [Item]
    }

    func mailbox(req: Request) async throws -> Response {
        try requireMailbox(req)
        let emails = try await req.services.outbox.recent()
        return try await req.page(
            "mailbox", title: "Development mailbox",
            MailboxVM(
                emails: emails.map {
                    .init(
                        to: $0.to, subject: $0.subject, kind: $0.kind, status: $0.status,
                        time: Format.dateTime($0.createdAt), path: Paths.devMailboxEmail($0.id))
                }))
    }

    struct MailVM: Encodable {
        var to: String
        var subject: String
        var kind: String
        var status: String
        var time: String
        var lastError: String?
        var parts: [TextPart]
        var htmlPath: String
        var listPath: String
    }

    struct TextPart: Encodable, Equatable {
        var text: String
        var href: String?
    }

    private func email(_ req: Request) async throws -> QueuedEmail {
        try requireMailbox(req)
        guard let raw = req.parameters.get("emailId"), let id = UUID(uuidString: raw),
            let email = try await req.services.outbox.email(id)
        else { throw DomainError.notFound("That email") }
        return email
    }

    func mailboxEmail(req: Request) async throws -> Response {
        let email = try await email(req)
        return try await req.page(
            "mail", title: email.subject,
            MailVM(
                to: email.to, subject: email.subject, kind: email.kind, status: email.status,
                time: Format.dateTime(email.createdAt), lastError: email.lastError, parts: Self.linkify(email.text),
                htmlPath: Paths.devMailboxHTML(email.id), listPath: Paths.devMailbox))
    }

    /// The stored HTML as its own document, allowed nothing but its inline styles.
    func mailboxHTML(req: Request) async throws -> Response {
        let email = try await email(req)
        let response = Response(status: .ok, body: .init(string: email.html))
        response.headers.contentType = .html
        response.headers.replaceOrAdd(
            name: "Content-Security-Policy", value: "default-src 'none'; style-src 'unsafe-inline'")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// Splits plain text into text and http(s) links; the template escapes both.
    static func linkify(_ text: String) -> [TextPart] {
        var parts: [TextPart] = []
        var rest = Substring(text)
        while let range = rest.range(of: #"https?://[^\s<>"]+"#, options: .regularExpression) {
            var url = rest[range]
            // Punctuation that ends a sentence is not part of the link.
            while url.count > 8, let last = url.last, ".,;:!?)”’'".contains(last) { url = url.dropLast() }
            if range.lowerBound > rest.startIndex {
                parts.append(TextPart(text: String(rest[..<range.lowerBound]), href: nil))
            }
            parts.append(TextPart(text: String(url), href: String(url)))
            rest = rest[url.endIndex...]
        }
        if !rest.isEmpty { parts.append(TextPart(text: String(rest), href: nil)) }
        return parts
    }
}

// MARK: View models

struct DiscoveryItemVM: Encodable {
    var name: String
    var path: String
    var role: RoleBadgeVM?
    var visibility: String
    var kind: String
    var isMember: Bool
    var canJoin: Bool
    var canRequest: Bool
    var requested: Bool
    var joinPath: String
    var requestPath: String
    /// Where a request returns to: the organisation page.
    var back: String
}

/// One role in the invite dialog: its one-line summary and whether it takes a seat.
struct RoleChoiceVM: Encodable {
    var value: String
    var label: String
    var summary: String
    var seatNote: String
    var showsSeat: Bool
    var free: Bool
    var selected: Bool

    init(_ role: WorkspaceRole, selected: Bool) {
        value = role.rawValue
        label = role.rawValue.capitalized
        summary = role.summary
        free = !role.takesSeat
        seatNote = role.takesSeat ? "takes a seat" : "free"
        showsSeat = true
        self.selected = selected
    }

    init(_ role: OrgRole, selected: Bool) {
        value = role.rawValue
        label = role.rawValue.capitalized
        summary = role.summary
        free = false
        seatNote = ""
        showsSeat = false
        self.selected = selected
    }
}

struct SeatsVM: Encodable {
    var seatsUsed: Int
    var pendingSeats: Int
    var total: Int
    var observers: Int

    init(_ count: SeatCount) {
        seatsUsed = count.seatsUsed
        pendingSeats = count.pendingSeats
        total = count.total
        observers = count.observers
    }
}

struct InviteDialogVM: Encodable {
    var csrf: String
    var placeName: String
    var scopeLabel: String
    var emailPath: String
    var roles: [RoleChoiceVM]
    var seats: SeatsVM?
    /// Organisation roles take no seat by themselves; the dialog says so instead of a count.
    var orgRolesNote: Bool
    var linkPath: String?
    var linkRoles: [RoleChoiceVM]
    var defaultLinkDays: Int
    var maximumLinkDays: Int
    var maximumAddresses: Int
}

struct PendingInviteRowVM: Encodable {
    var email: String
    var role: RoleBadgeVM
    var place: String?
    var invitedBy: String
    var expires: String
    var status: String
    var isLive: Bool
    var resendPath: String
    var cancelPath: String

    init(_ invite: PendingInvite, place: String?) {
        email = invite.email
        role = InviteWebController.role(invite.role, scope: invite.scope).0
        self.place = place
        invitedBy = invite.invitedBy?.name ?? "Someone who left"
        expires = Format.date(invite.expiresAt)
        status =
            switch invite.status {
            case .pending: "Waiting"
            case .expired: "Expired"
            case .void: "No longer valid: the inviter may not grant this role any more"
            default: invite.status.rawValue.capitalized
            }
        isLive = invite.status == .pending
        resendPath = Paths.inviteResend(invite.id)
        cancelPath = Paths.inviteCancel(invite.id)
    }
}

struct PendingInvitesVM: Encodable {
    var csrf: String
    var back: String
    var showPlace: Bool
    var rows: [PendingInviteRowVM]
    var pager: PagerVM? = nil
}

struct LinkRowVM: Encodable {
    var role: RoleBadgeVM
    var uses: String
    var expires: String
    var createdBy: String
    var revokePath: String
}

struct AccessRequestRowVM: Encodable {
    var name: String
    var email: String
    var message: String
    var hasMessage: Bool
    var date: String
    var workspaceName: String
    var approvePath: String
    var denyPath: String
    var roles: [RoleOptionVM]

    init(_ request: AccessRequest, roles: [RoleOptionVM]) {
        name = request.requester.name
        email = request.requester.email
        message = request.message
        hasMessage = !request.message.isEmpty
        date = Format.dateTime(request.createdAt)
        workspaceName = request.workspaceName
        approvePath = Paths.accessRequestApprove(request.id)
        denyPath = Paths.accessRequestDeny(request.id)
        self.roles = roles
    }
}

struct AccessRequestsVM: Encodable {
    var csrf: String
    var back: String
    var showWorkspace: Bool
    var rows: [AccessRequestRowVM]
    var pager: PagerVM? = nil
}

struct InviteSectionsVM: Encodable {
    var dialog: InviteDialogVM
    var pending: PendingInvitesVM
    /// Links and access requests exist only for workspaces.
    var isWorkspace: Bool
    var linksPager: PagerVM
    var links: [LinkRowVM]
    var requests: AccessRequestsVM
    var outcome: InviteOutcomeVM?
}

struct AuthInvitationVM: Encodable {
    var token: String
    var placeName: String
    var role: String
    var email: String?
    /// Email invites are bound to their address: registration keeps it fixed.
    var emailFixed: Bool
}

struct MyInvitationVM: Encodable {
    var name: String
    var scopeNoun: String
    var role: RoleBadgeVM
    var invitedBy: String
    var expires: String
    var acceptPath: String
    var declinePath: String
}

/// What an invite action leaves to show on the members page: each address's outcome, or a new
/// link's URL (shown once). Carried across the redirect in a short-lived cookie, so nothing
/// lives in server memory; too large for a cookie, the page renders in the response instead.
struct InviteOutcome: Codable {
    struct Result: Codable {
        /// The address.
        var e: String
        /// An `AddOutcome`, when it worked.
        var o: String?
        /// An index into `details`, when it did not.
        var d: Int?
    }
    struct Link: Codable {
        var url: String
        var role: String
        var expires: String
        var maxUses: Int?
    }
    /// The members page it belongs to.
    var path: String
    var results: [Result]
    var details: [String]
    var link: Link?

    static let cookie = "steward_invite_outcome"
    /// Browsers keep cookies up to 4 KB; leave room for the name and attributes.
    static let maximumCookieSize = 3800

    private struct StorageKey: Vapor.StorageKey { typealias Value = InviteOutcome }

    static func show(
        _ outcome: InviteOutcome, _ req: Request, render: @escaping @Sendable (Request) async throws -> Response
    ) async throws -> Response {
        let encoded = try JSONEncoder().encode(outcome).base64EncodedString()
        guard encoded.count <= maximumCookieSize else {
            req.storage[StorageKey.self] = outcome
            return try await render(req)
        }
        let response = req.redirect(to: outcome.path, redirectType: .normal)
        response.cookies[cookie] = HTTPCookies.Value(
            string: encoded, maxAge: 120, path: "/", isSecure: req.application.stewardConfig.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// The outcome for this members page, once: the page clears the cookie.
    static func take(_ req: Request, path: String) -> InviteOutcome? {
        if let outcome = req.storage[StorageKey.self] { return outcome }
        guard let raw = req.cookies[cookie]?.string, let data = Data(base64Encoded: raw),
            let outcome = try? JSONDecoder().decode(InviteOutcome.self, from: data), outcome.path == path
        else { return nil }
        req.consumedCookies.append(cookie)
        return outcome
    }
}

struct InviteOutcomeVM: Encodable {
    struct Item: Encodable {
        var email: String
        var outcome: String
        var explanation: String
        var failed: Bool
    }
    struct Link: Encodable {
        var url: String
        var role: String
        var expires: String
        var uses: String
    }
    var summary: String
    var items: [Item]
    var hasItems: Bool
    var link: Link?

    init(_ outcome: InviteOutcome) {
        items = outcome.results.map { result in
            if let index = result.d {
                let detail = outcome.details.indices.contains(index) ? outcome.details[index] : ""
                return Item(email: result.e, outcome: "not invited", explanation: detail, failed: true)
            }
            switch result.o.flatMap(AddOutcome.init(rawValue:)) {
            case .alreadyMember:
                return Item(
                    email: result.e, outcome: "already a member", explanation: "Nothing to do, they're in.",
                    failed: false)
            case .reactivated:
                return Item(
                    email: result.e, outcome: "reactivated",
                    explanation: "They were a member before and are restored, with the role you picked.", failed: false)
            case .added:
                return Item(
                    email: result.e, outcome: "added",
                    explanation: "They already have an account, so they're in straight away.", failed: false)
            case .invited:
                return Item(
                    email: result.e, outcome: "invited",
                    explanation:
                        "They're new: an invite with a link valid for \(Int(InvitePolicy.emailValidity / 86_400)) "
                        + "days is on its way.", failed: false)
            case nil:
                return Item(email: result.e, outcome: "done", explanation: "", failed: false)
            }
        }
        hasItems = !items.isEmpty
        var counts: [(String, Int)] = []
        for item in items {
            if let i = counts.firstIndex(where: { $0.0 == item.outcome }) {
                counts[i].1 += 1
            } else {
                counts.append((item.outcome, 1))
            }
        }
        summary =
            "\(items.count) address\(items.count == 1 ? "" : "es"): "
            + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        link = outcome.link.map {
            Link(
                url: $0.url, role: $0.role, expires: $0.expires,
                uses: $0.maxUses.map { "at most \($0) \($0 == 1 ? "person" : "people")" } ?? "no limit on uses")
        }
    }
}

extension Request {
    /// 303 to a page with an error message shown there.
    func seeError(_ path: String, _ message: String) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        Flash.set(response, "error", message, secure: application.stewardConfig.secureCookies)
        return response
    }
}
