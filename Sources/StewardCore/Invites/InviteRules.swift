import Foundation

/// Someone's standing in a workspace or organisation, as the invite outcome sees it.
public enum MembershipState: Equatable, Sendable {
    case none
    case active
    /// Removed earlier; the row stays so a new add reads as reactivated.
    case removed
}

/// The numbers of NOTES §5, in one place.
public enum InvitePolicy {
    public static let emailValidity: TimeInterval = 7 * 24 * 3600
    public static let defaultLinkDays = 7
    public static let maximumLinkDays = 30
    public static let maximumAddresses = 50
    /// Emails to one address per organisation per 24 hours (invites, resends, "added" notices).
    public static let perAddressPerDay = 5
    /// Emails per organisation per 24 hours.
    public static let perOrganisationPerDay = 500
}

public enum InviteOutcomeRule {
    /// NOTES §5: the server decides each address's outcome.
    public static func outcome(accountExists: Bool, membership: MembershipState) -> AddOutcome {
        switch (accountExists, membership) {
        case (_, .active): .alreadyMember
        case (true, .removed): .reactivated
        case (true, .none): .added
        case (false, _): .invited
        }
    }
}

/// What an invitation token says about itself (the public `status`).
public enum InvitationStatus: String, CaseIterable, Codable, Sendable {
    case pending, expired, cancelled, used, revoked, declined, void
}

/// The stored lifecycle of an email invite.
public enum EmailInviteState: String, Codable, Sendable {
    case pending, accepted, cancelled, declined
}

public enum InvitationRule {
    /// Ownership comes only from an owner changing someone's role: no invite, link or approved
    /// access request grants it.
    public static func checkGrantableByInvitation(_ role: WorkspaceRole, field: String = "role") throws(DomainError) {
        if role == .owner {
            throw DomainError(
                .unprocessable, code: "owner_not_invitable",
                detail: "Workspace ownership is granted by an owner changing someone's role, not by an invite or an "
                    + "access request.",
                fieldErrors: [.init(field: field, message: "owner can't be granted this way")])
        }
    }

    /// The same person back at a link they joined with before (and were removed since).
    public static let linkUsedByYou = DomainError(
        .gone, code: "invite_used_by_you",
        detail: "You joined with this link before and were removed since. Ask an admin of the workspace for a new "
            + "invitation.")

    /// The public status of an email invite at `now`. A pending invite whose inviter may no
    /// longer grant its role is void from that moment (NOTES §3).
    public static func emailStatus(
        state: EmailInviteState, expiresAt: Date, now: Date, inviterMayGrant: Bool
    ) -> InvitationStatus {
        switch state {
        case .accepted: return .used
        case .cancelled: return .cancelled
        case .declined: return .declined
        case .pending:
            if now >= expiresAt { return .expired }
            return inviterMayGrant ? .pending : .void
        }
    }

    /// The public status of a link invite at `now`.
    public static func linkStatus(
        revoked: Bool, expiresAt: Date, now: Date, uses: Int, maxUses: Int?, creatorMayGrant: Bool
    ) -> InvitationStatus {
        if revoked { return .revoked }
        if now >= expiresAt { return .expired }
        if let maxUses, uses >= maxUses { return .used }
        return creatorMayGrant ? .pending : .void
    }

    /// The error an accept attempt gets for a status other than pending.
    public static func acceptError(for status: InvitationStatus) -> DomainError? {
        switch status {
        case .pending: nil
        case .expired:
            DomainError(
                .gone, code: "invite_expired",
                detail: "This invitation has expired. Ask the person who invited you for a new one.")
        case .cancelled:
            DomainError(
                .gone, code: "invite_cancelled",
                detail: "This invitation was cancelled or replaced by a newer one. Use the latest email you received.")
        case .used: DomainError(.gone, code: "invite_used", detail: "This invitation has already been used.")
        case .revoked: DomainError(.gone, code: "invite_revoked", detail: "This invite link was switched off.")
        case .declined: DomainError(.gone, code: "invite_declined", detail: "This invitation was declined.")
        case .void:
            DomainError(
                .gone, code: "invite_void",
                detail: "The person who sent this invitation may no longer grant this role, so it no longer applies.")
        }
    }

    /// An email invite is bound to its address; emails compare in canonical form.
    public static func checkAccount(invited: String, signedIn: String) throws(DomainError) {
        guard EmailAddress(invited) == EmailAddress(signedIn) else {
            throw DomainError(
                .forbidden, code: "wrong_account",
                detail: "This invitation was sent to \(invited), but you are signed in as \(signedIn). "
                    + "Sign out and sign in as \(invited) to accept it.")
        }
    }
}

/// Validates a new invite link's settings (NOTES §5).
public enum LinkInviteRule {
    public static func validate(role: WorkspaceRole, expiresInDays: Int?, maxUses: Int?) throws(DomainError) -> Int {
        var v = Validator()
        if !WorkspaceRole.linkInvitable.contains(role) {
            v.fail("role", "links carry observer, external or member only")
        }
        let days = expiresInDays ?? InvitePolicy.defaultLinkDays
        if !(1...InvitePolicy.maximumLinkDays).contains(days) {
            v.fail("expiresInDays", "must be between 1 and \(InvitePolicy.maximumLinkDays)")
        }
        if let maxUses, !(1...10_000).contains(maxUses) {
            v.fail("maxUses", "must be between 1 and 10000")
        }
        try v.check()
        return days
    }
}
