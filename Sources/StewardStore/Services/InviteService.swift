import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Invites by email and by link, at both levels (NOTES §3, §5).
public struct InviteService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    var limiter: RateLimiter {
        RateLimiter(db: db, clock: env.clock, enabled: env.rateLimits.enabled, events: env.events)
    }
    var quota: InviteQuota { InviteQuota(limiter: limiter, policy: env.rateLimits) }

    // MARK: Sending

    /// Adds each address to the place, or invites it by email (NOTES §5): one outcome or error
    /// per address.
    public func invite(to place: Place, emails: [String], role rawRole: String?, by actor: UserID) async throws
        -> [AddResult]
    {
        let ctx = try await PlaceContext.load(place, user: actor, on: db)
        try ctx.requireManagingMembers()
        var v = Validator()
        let role = v.role(rawRole, in: place)
        try v.check()
        try MemberRules.checkInvite(actor: ctx.role, role: role!, kind: ctx.workspaceKind)
        return try await send(ctx, emails: emails, role: role!.rawValue, actor: actor) { tx, user in
            try await Memberships(db: tx, env: env).grant(role!, in: ctx, user: user, actor: actor, via: "")
        } precheck: { tx, email in
            // An org member can't be invited into an outside role, even before they have accepted.
            guard role!.isOutsideRole, let user = try await AccountQueries.user(withStoredEmail: email, on: tx)
            else { return }
            let isOrgMember = try await MembershipQueries.activeOrgRole(org: ctx.orgID, user: user.id!, on: tx) != nil
            try MemberRules.checkInvitee(role: role!, isOrgMember: isOrgMember, kind: ctx.workspaceKind)
        }
    }

    func send(
        _ target: PlaceContext, emails raw: [String], role: String, actor: UserID,
        grant: @escaping @Sendable (any Database, UserRow) async throws -> AddOutcome,
        precheck: @escaping @Sendable (any Database, String) async throws -> Void
    ) async throws -> [AddResult] {
        let addresses = try AddressList.parse(raw)
        try await quota.checkRequest(org: target.orgID, inviter: actor.uuid)
        let inviter = try await Load.user(actor, on: db)
        // Once for the whole list: a bulk invite reads the branding once, not per address.
        let brand = try await Branding.email(for: target, on: db)
        var results: [AddResult] = []
        for address in addresses {
            guard let email = EmailAddress(address) else {
                results.append(AddResult(email: address, outcome: nil, error: .invalidAddress(address)))
                continue
            }
            var counted: InviteQuota.Counted?
            do {
                counted = try await quota.take(org: target.orgID, inviter: actor.uuid, email: email.value)
                let (outcome, inviteID) = try await db.transaction { tx in
                    try await precheck(tx, email.value)
                    // Only an account that proved the address is added directly; anyone else
                    // gets the emailed link, which proves the mailbox (NOTES §12).
                    if let user = try await AccountQueries.user(withEmail: email, on: tx),
                        IdentityRule.mayAddDirectly(accountVerified: user.emailVerifiedAt != nil)
                    {
                        let outcome = try await grant(tx, user)
                        if outcome != .alreadyMember {
                            try await Outbox.enqueue(
                                Emails.added(
                                    to: email.value, inviter: inviter.name, scope: target.emailScope, role: role,
                                    link: link(to: target), reactivated: outcome == .reactivated, brand: brand),
                                on: tx, now: env.clock.now())
                        }
                        return (outcome, UUID?.none)
                    }
                    let invite = try await createInvite(
                        target, email: email.value, role: role, inviter: inviter, purpose: nil, brand: brand, on: tx)
                    return (AddOutcome.invited, invite)
                }
                if outcome == .alreadyMember, let counted { try await quota.giveBack(counted) }
                results.append(AddResult(email: email.value, outcome: outcome, error: nil, inviteID: inviteID))
            } catch let error as DomainError {
                if let counted { try await quota.giveBack(counted) }
                results.append(AddResult(email: email.value, outcome: nil, error: error))
            } catch  where error.isConstraintViolation {
                // A concurrent request added the same person or invite first.
                if let counted { try await quota.giveBack(counted) }
                results.append(AddResult(email: email.value, outcome: .alreadyMember, error: nil))
            }
        }
        env.events.record(.invitesSent(count: results.filter { $0.outcome == .invited }.count))
        return results
    }

    func link(to target: PlaceContext) -> String { env.link(target.place.page) }

    /// Writes a pending invite and its email. A pending invite to the same address and place is
    /// replaced (its link dies), so there is only ever one live link per address. `brand` is the
    /// place's (`Branding.email`), read once by the caller however many invites it writes.
    func createInvite(
        _ target: PlaceContext, email: String, role: String, inviter: UserRow, purpose: String?,
        brand: EmailBrand?, on tx: any Database
    ) async throws -> UUID {
        let now = env.clock.now()
        let key = target.pendingKey(email)
        if let old = try await PendingInviteQueries.pendingInvite(key: key, on: tx) {
            _ = try await settle(old, as: .cancelled, on: tx)  // replaced by this one
        }
        let token = env.tokens.newToken()
        let row = InviteRow()
        row.scope = target.scope
        row.orgID = target.orgID
        row.workspaceID = target.workspaceID
        row.billingAccountID = target.billingAccountID
        row.email = email
        row.role = role
        row.tokenHash = env.tokens.digest(token)
        row.state = EmailInviteState.pending.rawValue
        row.pendingKey = key
        row.invitedBy = inviter.id!
        row.createdAt = now
        row.expiresAt = now.addingTimeInterval(InvitePolicy.emailValidity)
        row.purpose = purpose
        try await row.create(on: tx)
        let url = env.link(.invitation(token: token))
        let content =
            purpose == "data_owner"
            ? Emails.dataOwnerInvited(
                to: email, inviter: inviter.name, scope: target.emailScope, link: url, expiresAt: row.expiresAt,
                brand: brand)
            : Emails.invited(
                to: email, inviter: inviter.name, scope: target.emailScope, role: role, link: url,
                expiresAt: row.expiresAt, brand: brand)
        try await Outbox.enqueue(content, on: tx, now: now)
        try await AuditLog(db: tx, clock: env.clock).record(
            "invite.sent", actor: UserID(inviter.id!), org: target.orgID, workspace: target.workspaceID,
            target: .init(type: "invite", id: row.id!.uuidString.lowercased(), label: email), after: role)
        return row.id!
    }

    /// Ends a pending invite (accepted, cancelled or declined) with a guarded update: of an accept
    /// and a cancel (or two accepts) at the same moment exactly one settles it, and the other's
    /// transaction rolls back. False when the invite was no longer pending.
    func settle(_ row: InviteRow, as state: EmailInviteState, acceptedBy: UUID? = nil, on tx: any Database)
        async throws -> Bool
    {
        let now = env.clock.now()
        guard
            try await PendingInviteQueries.markSettled(row.id!, as: state, acceptedBy: acceptedBy, at: now, on: tx)
        else { return false }
        row.state = state.rawValue
        row.pendingKey = nil
        row.resolvedAt = now
        row.acceptedBy = acceptedBy
        return true
    }

    static let notPending = DomainError(
        .conflict, code: "invite_not_pending",
        detail: "This invite is no longer pending: it was accepted, "
            + "declined, cancelled or replaced a moment ago.")
}
