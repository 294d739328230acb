import Foundation
import StewardCore
import StewardStore
import Vapor

/// The accept page of an invitation (any state), accepting and declining.
struct InvitationWebController {
    /// `web` has the session and CSRF middleware; `signedIn` also requires an account.
    func register(web: any RoutesBuilder, signedIn app: any RoutesBuilder) {
        web.on(.invitation, use: invitationPage)
        web.on(.acceptInvitation, use: acceptInvitation)
        web.on(.declineInvitation, use: declineInvitation)
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
        let (badge, summary) = InvitationFlow.role(view.role, scope: view.scope)

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
                ? "Join the \(scopeNoun) “\(view.name)” on Steward as \(InvitationFlow.article(view.role)) \(view.role)."
                : "\(inviter) shared a link to join the \(scopeNoun) “\(view.name)” on Steward as "
                    + "\(InvitationFlow.article(view.role)) \(view.role).")
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
                signInPath: InvitationFlow.authPath("/login", token: token, email: email),
                registerPath: InvitationFlow.authPath(Paths.register, token: token, email: email),
                acceptPath: Paths.invitationAccept(token), declinePath: Paths.invitationDecline(token),
                logoutPath: Paths.logout, selfPath: selfPath, plainSignInPath: Paths.login(next: selfPath),
                inviterName: inviter, alreadyInPath: alreadyIn, joinPath: joinPath, requestPath: requestPath,
                requested: requested))
    }

    func acceptInvitation(req: Request) async throws -> Response {
        let token = req.parameters.get("token") ?? ""
        guard let user = req.currentUser?.user else { return req.see(Paths.invitation(token)) }
        return try await InvitationFlow.accept(req, token: token, user: user.id)
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
}
