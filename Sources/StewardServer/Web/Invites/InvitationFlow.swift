import Foundation
import StewardCore
import StewardStore
import Vapor

/// Accepting an invitation from its page, or right after signing in or registering through it;
/// and what the sign-in pages and the workspaces page say about invitations.
enum InvitationFlow {
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
}
