import FluentKit
import FluentSQL
import Foundation
import StewardCore

public struct PendingInvite: Sendable {
    public var id: UUID
    public var email: String
    public var role: String
    public var scope: String
    public var orgID: OrgID
    public var workspaceID: WorkspaceID?
    public var invitedBy: User?
    public var createdAt: Date
    public var expiresAt: Date
    public var status: InvitationStatus
    /// A paid role's pending invite reserves a seat (NOTES §7).
    public var reservesSeat: Bool
}

public struct InviteLink: Sendable {
    public var id: UUID
    public var workspaceID: WorkspaceID
    public var role: WorkspaceRole
    public var expiresAt: Date
    public var maxUses: Int?
    public var uses: Int
    public var createdBy: User?
    public var status: InvitationStatus
    /// Only when just created: the token is not stored and cannot be shown again.
    public var url: String?
}

public struct InvitationView: Sendable {
    public var status: InvitationStatus
    public var kind: String
    public var scope: String
    public var name: String
    public var role: String
    /// The address an email invite is bound to (for pre-filling and for "signed in as someone else").
    public var email: String?
    public var inviterName: String?
    public var orgID: OrgID
    public var workspaceID: WorkspaceID?
    public var expiresAt: Date
    public var isDataOwnerInvite: Bool
}

public struct AcceptResult: Sendable {
    public var outcome: AddOutcome
    public var role: String
    public var workspaceID: WorkspaceID?
    public var orgID: OrgID
}

public struct MyInvite: Sendable {
    public var id: UUID
    public var token: String
    public var scope: String
    public var name: String
    public var role: String
    public var invitedBy: String?
    public var expiresAt: Date
}

/// Invites by email and by link, at both levels (NOTES §3, §5).
public struct InviteService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    /// Where an invite points: a workspace or an organisation.
    enum Target {
        case workspace(WorkspaceContext)
        case org(OrgContext)

        var orgID: UUID {
            switch self {
            case .workspace(let c): c.org.id.uuid
            case .org(let c): c.org.id.uuid
            }
        }
        var workspaceID: UUID? {
            if case .workspace(let c) = self { return c.workspace.id.uuid }
            return nil
        }
        var scope: String { workspaceID == nil ? "org" : "workspace" }
        /// The account whose seat a pending workspace invite reserves.
        var billingAccountID: UUID? {
            if case .workspace(let c) = self { return c.workspace.billingAccountID?.uuid }
            return nil
        }
        var name: String {
            switch self {
            case .workspace(let c): c.workspace.name
            case .org(let c): c.org.name
            }
        }
        var emailScope: Emails.Scope {
            Emails.Scope(noun: workspaceID == nil ? "organisation" : "workspace", name: name)
        }
        func pendingKey(_ email: String) -> String { "\(scope):\(workspaceID ?? orgID):\(email)" }
    }

    var limiter: RateLimiter { RateLimiter(db: db, clock: env.clock, enabled: env.rateLimits.enabled) }
    var quota: InviteQuota { InviteQuota(limiter: limiter, policy: env.rateLimits) }

    // MARK: Sending

    public func inviteToWorkspace(_ id: WorkspaceID, emails: [String], role rawRole: String?, by actor: UserID)
        async throws -> [AddResult]
    {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        var v = Validator()
        let role: WorkspaceRole? = v.role(rawRole)
        try v.check()
        try InvitationRule.checkGrantableByInvitation(role!)
        try GrantRule.checkGrant(actor: ctx.role, grants: role!, targetCurrent: nil, ownerCount: 0)
        if role! == .observer {
            try OutsideRoleRule.checkWorkspaceRole(
                .observer, current: nil, isOrgMember: false, kind: ctx.workspace.kind)
        }
        return try await send(.workspace(ctx), emails: emails, role: role!.rawValue, actor: actor) { tx, user in
            try await Memberships(db: tx, env: env).grantWorkspace(
                ctx.workspace, orgName: ctx.org.name, user: user, role: role!, actor: actor, via: "")
        } precheck: { tx, email in
            // An org member can't be invited into an outside role, even before they have accepted.
            guard role!.isOutsideRole, let user = try await UserRow.query(on: tx).filter(\.$email == email).first()
            else { return }
            let isOrgMember = try await Load.activeOrgRole(org: ctx.org.id.uuid, user: user.id!, on: tx) != nil
            try OutsideRoleRule.checkWorkspaceRole(
                role!, current: nil, isOrgMember: isOrgMember, kind: ctx.workspace.kind)
        }
    }

    public func inviteToOrg(_ id: OrgID, emails: [String], role rawRole: String?, by actor: UserID) async throws
        -> [AddResult]
    {
        let ctx = try await Load.orgContext(id, user: actor, on: db)
        try Access.require(ctx.role, .manageMembers)
        var v = Validator()
        let role: OrgRole? = v.role(rawRole)
        try v.check()
        try GrantRule.checkGrant(actor: ctx.role, grants: role!, targetCurrent: nil, ownerCount: 0)
        return try await send(.org(ctx), emails: emails, role: role!.rawValue, actor: actor) { tx, user in
            try await Memberships(db: tx, env: env).grantOrg(ctx.org, user: user, role: role!, actor: actor, via: "")
        } precheck: { _, _ in
        }
    }

    private func send(
        _ target: Target, emails raw: [String], role: String, actor: UserID,
        grant: @escaping @Sendable (any Database, UserRow) async throws -> AddOutcome,
        precheck: @escaping @Sendable (any Database, String) async throws -> Void
    ) async throws -> [AddResult] {
        let addresses = try AddressList.parse(raw)
        try await quota.checkRequest(org: target.orgID, inviter: actor.uuid)
        let inviter = try await Load.user(actor, on: db)
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
                    if let user = try await UserRow.query(on: tx).filter(\.$email == email.value).first(),
                        IdentityRule.mayAddDirectly(accountVerified: user.emailVerifiedAt != nil)
                    {
                        let outcome = try await grant(tx, user)
                        if outcome != .alreadyMember {
                            try await Outbox.enqueue(
                                Emails.added(
                                    to: email.value, inviter: inviter.name, scope: target.emailScope, role: role,
                                    link: link(to: target), reactivated: outcome == .reactivated), on: tx,
                                now: env.clock.now())
                        }
                        return (outcome, UUID?.none)
                    }
                    let invite = try await createInvite(
                        target, email: email.value, role: role, inviter: inviter, purpose: nil, on: tx)
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
        return results
    }

    func link(to target: Target) -> String {
        switch target {
        case .workspace(let c): "\(env.baseURL)/w/\(c.workspace.id)"
        case .org(let c): "\(env.baseURL)/orgs/\(c.org.id)"
        }
    }

    /// Writes a pending invite and its email. A pending invite to the same address and place is
    /// replaced (its link dies), so there is only ever one live link per address.
    func createInvite(
        _ target: Target, email: String, role: String, inviter: UserRow, purpose: String?, on tx: any Database
    ) async throws -> UUID {
        let now = env.clock.now()
        let key = target.pendingKey(email)
        if let old = try await InviteRow.query(on: tx).filter(\.$pendingKey == key).first() {
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
        let url = "\(env.baseURL)/invitations/\(token)"
        let content =
            purpose == "data_owner"
            ? Emails.dataOwnerInvited(
                to: email, inviter: inviter.name, scope: target.emailScope, link: url, expiresAt: row.expiresAt)
            : Emails.invited(
                to: email, inviter: inviter.name, scope: target.emailScope, role: role, link: url,
                expiresAt: row.expiresAt)
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
        let sql = tx as! any SQLDatabase
        let settled = try await sql.raw(
            """
            UPDATE invites SET state = \(bind: state.rawValue), pending_key = NULL, resolved_at = \(bind: now),
              accepted_by = \(bind: acceptedBy)
            WHERE id = \(bind: row.id!) AND state = \(bind: EmailInviteState.pending.rawValue) RETURNING id
            """
        ).all()
        guard !settled.isEmpty else { return false }
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

    // MARK: Pending invites

    /// Newest first.
    public func pending(inWorkspace id: WorkspaceID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<PendingInvite>
    {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        return try await pendingPage(
            InviteRow.query(on: db).filter(\.$workspaceID == id.uuid), page: page, in: .workspace(ctx))
    }

    /// Newest first.
    public func pending(inOrg id: OrgID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<PendingInvite>
    {
        let ctx = try await Load.orgContext(id, user: actor, on: db)
        try Access.require(ctx.role, .manageMembers)
        return try await pendingPage(
            InviteRow.query(on: db).filter(\.$orgID == id.uuid).filter(\.$scope == "org"), page: page, in: .org(ctx))
    }

    /// A page of one place's pending invites with their inviters' standing read in one more
    /// statement, not once per invite.
    private func pendingPage(_ query: QueryBuilder<InviteRow>, page: PageQuery, in place: Target) async throws
        -> ListPage<PendingInvite>
    {
        let rows = try await query.filter(\.$state == EmailInviteState.pending.rawValue)
            .page(page, by: "created_at").all()
        let grantors = try await Grantors.load(Set(rows.map(\.invitedBy)), in: place, on: db)
        return ListPage(rows: rows, request: page) { row in
            let grantor = grantors[row.invitedBy]
            return view(row, inviter: grantor?.user, inviterMayGrant: grantor?.mayGrant(row.role) ?? false)
        }
    }

    /// Every pending invite of an organisation and its workspaces (the org matrix).
    func pendingEverywhere(inOrg id: OrgID) async throws -> [PendingInvite] {
        try await pendingRows(InviteRow.query(on: db).filter(\.$orgID == id.uuid))
    }

    private func pendingRows(_ query: QueryBuilder<InviteRow>) async throws -> [PendingInvite] {
        let rows = try await query.filter(\.$state == EmailInviteState.pending.rawValue)
            .sort(\.$createdAt, .descending).all()
        let inviters = try await OrgService(db: db, env: env).usersByID(Array(Set(rows.map(\.invitedBy))))
        var result: [PendingInvite] = []
        for row in rows { result.append(try await view(row, inviter: inviters[row.invitedBy])) }
        return result
    }

    func view(_ row: InviteRow, inviter: User?) async throws -> PendingInvite {
        view(row, inviter: inviter, inviterMayGrant: try await inviterMayGrant(row))
    }

    func view(_ row: InviteRow, inviter: User?, inviterMayGrant: Bool) -> PendingInvite {
        let status = InvitationRule.emailStatus(
            state: EmailInviteState(rawValue: row.state) ?? .cancelled, expiresAt: row.expiresAt,
            now: env.clock.now(), inviterMayGrant: inviterMayGrant)
        let reserves = row.scope == "workspace" && (WorkspaceRole(rawValue: row.role)?.takesSeat ?? false)
        return PendingInvite(
            id: row.id!, email: row.email, role: row.role, scope: row.scope, orgID: OrgID(row.orgID),
            workspaceID: row.workspaceID.map(WorkspaceID.init), invitedBy: inviter, createdAt: row.createdAt,
            expiresAt: row.expiresAt, status: status, reservesSeat: reserves && status == .pending)
    }

    /// NOTES §3: at acceptance the inviter must still be able to grant the role.
    func inviterMayGrant(_ row: InviteRow) async throws -> Bool {
        try await mayGrant(
            user: UserID(row.invitedBy), role: row.role, org: row.orgID, workspace: row.workspaceID)
    }

    func mayGrant(user: UserID, role: String, org: UUID, workspace: UUID?) async throws -> Bool {
        if let workspace {
            guard let ctx = try? await Load.workspaceContext(WorkspaceID(workspace), user: user, caller: false, on: db),
                ctx.can(.manageMembers), let granted = WorkspaceRole(rawValue: role)
            else { return false }
            return (try? GrantRule.checkGrant(actor: ctx.role, grants: granted, targetCurrent: nil, ownerCount: 0))
                != nil
        }
        guard let orgRole = try await Load.activeOrgRole(org: org, user: user.uuid, on: db),
            Access.can(orgRole, .manageMembers), let granted = OrgRole(rawValue: role)
        else { return false }
        return (try? GrantRule.checkGrant(actor: orgRole, grants: granted, targetCurrent: nil, ownerCount: 0)) != nil
    }

    /// The invite, if the actor manages the place it points to; 404 otherwise.
    private func managedInvite(_ id: UUID, by actor: UserID) async throws -> (InviteRow, Target) {
        guard let row = try await InviteRow.find(id, on: db) else { throw DomainError.notFound("That invite") }
        do {
            if let workspace = row.workspaceID {
                let ctx = try await Load.workspaceContext(WorkspaceID(workspace), user: actor, on: db)
                try ctx.require(.manageMembers)
                return (row, .workspace(ctx))
            }
            let ctx = try await Load.orgContext(OrgID(row.orgID), user: actor, on: db)
            try Access.require(ctx.role, .manageMembers)
            return (row, .org(ctx))
        } catch let error as DomainError where error.kind == .notFound {
            throw DomainError.notFound("That invite")
        }
    }

    /// A new link and a new 7 days; the old link reads `cancelled` from now on.
    public func resend(_ id: UUID, by actor: UserID) async throws -> PendingInvite {
        let (row, target) = try await managedInvite(id, by: actor)
        guard row.state == EmailInviteState.pending.rawValue else {
            throw DomainError(.conflict, code: "invite_not_pending", detail: "Only pending invites can be re-sent.")
        }
        // Re-sending is inviting again: someone who may no longer grant the role cannot replace a
        // live invite (which would void it) with their own.
        guard try await mayGrant(user: actor, role: row.role, org: row.orgID, workspace: row.workspaceID) else {
            throw DomainError.forbidden(
                "You can no longer invite people as \(row.role) here, so you can't re-send this invite.",
                code: "grant_not_allowed")
        }
        let counted = try await quota.take(org: target.orgID, inviter: actor.uuid, email: row.email)
        let inviter = try await Load.user(actor, on: db)
        let newID: UUID
        do {
            newID = try await db.transaction { tx in
                guard try await settle(row, as: .cancelled, on: tx) else { throw Self.notPending }
                let newID = try await createInvite(
                    target, email: row.email, role: row.role, inviter: inviter, purpose: row.purpose, on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "invite.resent", actor: actor, org: target.orgID, workspace: target.workspaceID,
                    target: .init(type: "invite", id: newID.uuidString.lowercased(), label: row.email),
                    before: row.id!.uuidString.lowercased(), after: row.role)
                return newID
            }
        } catch {
            try await quota.giveBack(counted)
            throw error
        }
        guard let fresh = try await InviteRow.find(newID, on: db) else { throw DomainError.notFound("That invite") }
        return try await view(fresh, inviter: inviter.value)
    }

    /// Cancels a pending invite; its seat reservation ends at once.
    public func cancel(_ id: UUID, by actor: UserID) async throws {
        let (row, target) = try await managedInvite(id, by: actor)
        guard row.state == EmailInviteState.pending.rawValue else {
            throw DomainError(.conflict, code: "invite_not_pending", detail: "This invite is no longer pending.")
        }
        try await db.transaction { tx in
            guard try await settle(row, as: .cancelled, on: tx) else { throw Self.notPending }
            try await AuditLog(db: tx, clock: env.clock).record(
                "invite.cancelled", actor: actor, org: target.orgID, workspace: target.workspaceID,
                target: .init(type: "invite", id: row.id!.uuidString.lowercased(), label: row.email), before: row.role)
        }
    }

    // MARK: Links

    public func createLink(
        in id: WorkspaceID, role rawRole: String?, expiresInDays: Int?, maxUses: Int?, by actor: UserID
    ) async throws -> InviteLink {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        var v = Validator()
        let role: WorkspaceRole? = v.role(rawRole)
        try v.check()
        let days = try LinkInviteRule.validate(role: role!, expiresInDays: expiresInDays, maxUses: maxUses)
        try GrantRule.checkGrant(actor: ctx.role, grants: role!, targetCurrent: nil, ownerCount: 0)
        if role! == .observer {
            try OutsideRoleRule.checkWorkspaceRole(
                .observer, current: nil, isOrgMember: false, kind: ctx.workspace.kind)
        }
        let token = env.tokens.newToken()
        let now = env.clock.now()
        let row = InviteLinkRow()
        row.orgID = ctx.org.id.uuid
        row.workspaceID = id.uuid
        row.role = role!.rawValue
        row.tokenHash = env.tokens.digest(token)
        row.createdBy = actor.uuid
        row.createdAt = now
        row.expiresAt = now.addingTimeInterval(TimeInterval(days) * 86_400)
        row.maxUses = maxUses
        row.uses = 0
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "invite_link.created", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid,
                target: .init(type: "invite_link", id: row.id!.uuidString.lowercased(), label: role!.rawValue),
                after: "\(role!.rawValue), \(days) days" + (maxUses.map { ", at most \($0) uses" } ?? ""))
        }
        var link = try await linkView(row, creator: ctx.user)
        link.url = "\(env.baseURL)/invitations/\(token)"
        return link
    }

    /// Live links, newest first. The page is cut before links that expired, ran out of uses or
    /// whose creator may no longer grant their role are left out, so a page can hold fewer.
    public func links(in id: WorkspaceID, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<InviteLink>
    {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        let rows = try await InviteLinkRow.query(on: db).filter(\.$workspaceID == id.uuid).filter(\.$revokedAt == nil)
            .page(page, by: "created_at").all()
        let creators = try await Grantors.load(Set(rows.map(\.createdBy)), in: .workspace(ctx), on: db)
        let cut = ListPage(rows: rows, request: page) { row in
            let creator = creators[row.createdBy]
            return linkView(row, creator: creator?.user, creatorMayGrant: creator?.mayGrant(row.role) ?? false)
        }
        return ListPage(items: cut.items.filter { $0.status == .pending }, next: cut.next)
    }

    func linkView(_ row: InviteLinkRow, creator: User?) async throws -> InviteLink {
        linkView(
            row, creator: creator,
            creatorMayGrant: try await mayGrant(
                user: UserID(row.createdBy), role: row.role, org: row.orgID, workspace: row.workspaceID))
    }

    func linkView(_ row: InviteLinkRow, creator: User?, creatorMayGrant: Bool) -> InviteLink {
        let status = InvitationRule.linkStatus(
            revoked: row.revokedAt != nil, expiresAt: row.expiresAt, now: env.clock.now(), uses: row.uses,
            maxUses: row.maxUses, creatorMayGrant: creatorMayGrant)
        return InviteLink(
            id: row.id!, workspaceID: WorkspaceID(row.workspaceID), role: WorkspaceRole(rawValue: row.role) ?? .member,
            expiresAt: row.expiresAt, maxUses: row.maxUses, uses: row.uses, createdBy: creator, status: status,
            url: nil)
    }

    public func revokeLink(_ id: UUID, by actor: UserID) async throws {
        guard let row = try await InviteLinkRow.find(id, on: db) else { throw DomainError.notFound("That link") }
        let ctx: WorkspaceContext
        do {
            ctx = try await Load.workspaceContext(WorkspaceID(row.workspaceID), user: actor, on: db)
        } catch let error as DomainError where error.kind == .notFound {
            throw DomainError.notFound("That link")
        }
        try ctx.require(.manageMembers)
        guard row.revokedAt == nil else { return }
        try await db.transaction { tx in
            row.revokedAt = env.clock.now()
            try await row.save(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "invite_link.revoked", actor: actor, org: row.orgID, workspace: row.workspaceID,
                target: .init(type: "invite_link", id: row.id!.uuidString.lowercased(), label: row.role))
        }
    }

    // MARK: Accepting

    enum Found {
        /// `emailed`: the token is the one in the email, so holding it proves the mailbox (the
        /// other is the token `/me/invites` showed the signed-in invitee).
        case email(InviteRow, emailed: Bool)
        case link(InviteLinkRow)
    }

    func find(token: String) async throws -> Found {
        guard !token.isEmpty, token.count <= 200 else { throw DomainError.notFound("That invitation") }
        let hash = env.tokens.digest(token)
        if let row = try await InviteRow.query(on: db)
            .group(.or, { $0.filter(\.$tokenHash == hash).filter(\.$selfTokenHash == hash) }).first()
        {
            return .email(row, emailed: row.tokenHash == hash)
        }
        if let link = try await InviteLinkRow.query(on: db).filter(\.$tokenHash == hash).first() { return .link(link) }
        throw DomainError.notFound("That invitation")
    }

    /// What anyone holding the token may know about it.
    public func invitation(token: String) async throws -> InvitationView {
        switch try await find(token: token) {
        case .email(let row, _):
            let invite = try await view(row, inviter: try await UserRow.find(row.invitedBy, on: db)?.value)
            return InvitationView(
                status: invite.status, kind: "email", scope: row.scope,
                name: try await placeName(row.orgID, row.workspaceID),
                role: row.role, email: row.email, inviterName: invite.invitedBy?.name, orgID: OrgID(row.orgID),
                workspaceID: row.workspaceID.map(WorkspaceID.init), expiresAt: row.expiresAt,
                isDataOwnerInvite: row.purpose == "data_owner")
        case .link(let row):
            let creator = try await UserRow.find(row.createdBy, on: db)?.value
            let link = try await linkView(row, creator: creator)
            return InvitationView(
                status: link.status, kind: "link", scope: "workspace",
                name: try await placeName(row.orgID, row.workspaceID), role: row.role, email: nil,
                inviterName: creator?.name, orgID: OrgID(row.orgID), workspaceID: WorkspaceID(row.workspaceID),
                expiresAt: row.expiresAt, isDataOwnerInvite: false)
        }
    }

    private func placeName(_ org: UUID, _ workspace: UUID?) async throws -> String {
        if let workspace, let row = try await WorkspaceRow.find(workspace, on: db) { return row.name }
        return try await OrgRow.find(org, on: db)?.name ?? "Steward"
    }

    public func accept(token: String, by actor: UserID) async throws -> AcceptResult {
        let user = try await Load.user(actor, on: db)
        switch try await find(token: token) {
        case .email(let row, let emailed): return try await acceptEmail(row, user: user, provesMailbox: emailed)
        case .link(let row): return try await acceptLink(row, user: user)
        }
    }

    private func acceptEmail(_ row: InviteRow, user: UserRow, provesMailbox: Bool) async throws -> AcceptResult {
        let actor = UserID(user.id!)
        let invite = try await view(row, inviter: nil)
        if invite.status == .used, row.acceptedBy == user.id {
            // The same person opening a link they already used: tell them where they stand.
            return try await currentStanding(row, user: user)
        }
        if let error = InvitationRule.acceptError(for: invite.status) { throw error }
        try InvitationRule.checkAccount(invited: row.email, signedIn: user.email)
        let inviter = UserID(row.invitedBy)
        do {
            return try await db.transaction { tx in
                // Settled first: a cancel or another accept that got here first wins.
                guard try await settle(row, as: .accepted, acceptedBy: user.id, on: tx) else {
                    throw SettleLost()
                }
                let outcome: AddOutcome
                if let workspaceID = row.workspaceID {
                    guard let ws = try await WorkspaceRow.find(workspaceID, on: tx),
                        let org = try await Load.org(ws.orgID, on: tx), let role = WorkspaceRole(rawValue: row.role)
                    else { throw DomainError.notFound("That workspace") }
                    outcome = try await Memberships(db: tx, env: env).grantWorkspace(
                        ws.value, orgName: org.name, user: user, role: role, actor: inviter, via: "invite accepted")
                } else {
                    guard let org = try await Load.org(row.orgID, on: tx), let role = OrgRole(rawValue: row.role) else {
                        throw DomainError.notFound("That organisation")
                    }
                    outcome = try await Memberships(db: tx, env: env).grantOrg(
                        org, user: user, role: role, actor: inviter, via: "invite accepted")
                }
                if provesMailbox && user.emailVerifiedAt == nil {
                    // The emailed link reached this address: it is theirs (NOTES §12).
                    user.emailVerifiedAt = env.clock.now()
                    try await user.save(on: tx)
                }
                try await AuditLog(db: tx, clock: env.clock).record(
                    "invite.accepted", actor: actor, org: row.orgID, workspace: row.workspaceID,
                    target: .init(type: "invite", id: row.id!.uuidString.lowercased(), label: row.email),
                    after: row.role)
                return AcceptResult(
                    outcome: outcome, role: row.role, workspaceID: row.workspaceID.map(WorkspaceID.init),
                    orgID: OrgID(row.orgID))
            }
        } catch  where error.isConstraintViolation || error is SettleLost {
            // Settled a moment ago by someone else: accepted (by this person: where they stand now),
            // or cancelled, declined or replaced (that invite's answer).
            guard let fresh = try await InviteRow.find(row.id!, on: db) else {
                throw DomainError.notFound("That invitation")
            }
            if fresh.acceptedBy == user.id { return try await currentStanding(fresh, user: user) }
            throw InvitationRule.acceptError(for: try await view(fresh, inviter: nil).status) ?? Self.notPending
        }
    }

    private struct SettleLost: Error {}

    private func currentStanding(_ row: InviteRow, user: UserRow) async throws -> AcceptResult {
        var role = row.role
        if let workspaceID = row.workspaceID,
            let membership = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspaceID)
                .filter(\.$userID == user.id!).filter(\.$removedAt == nil).first()
        {
            role = membership.role
        } else if row.workspaceID == nil,
            let orgRole = try await Load.activeOrgRole(org: row.orgID, user: user.id!, on: db)
        {
            role = orgRole.rawValue
        } else {
            throw InvitationRule.acceptError(for: .used)!
        }
        return AcceptResult(
            outcome: .alreadyMember, role: role, workspaceID: row.workspaceID.map(WorkspaceID.init),
            orgID: OrgID(row.orgID))
    }

    private func acceptLink(_ row: InviteLinkRow, user: UserRow) async throws -> AcceptResult {
        let actor = UserID(user.id!)
        let workspaceID = WorkspaceID(row.workspaceID)
        if let membership = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == row.workspaceID)
            .filter(\.$userID == user.id!).filter(\.$removedAt == nil).first()
        {
            return AcceptResult(
                outcome: .alreadyMember, role: membership.role, workspaceID: workspaceID, orgID: OrgID(row.orgID))
        }
        if try await InviteLinkUseRow.query(on: db).filter(\.$linkID == row.id!).filter(\.$userID == user.id!)
            .first() != nil
        {
            throw InvitationRule.linkUsedByYou
        }
        for _ in 0..<8 {
            guard let fresh = try await InviteLinkRow.find(row.id!, on: db) else {
                throw DomainError.notFound("That invitation")
            }
            let link = try await linkView(fresh, creator: nil)
            if let error = InvitationRule.acceptError(for: link.status) { throw error }
            do {
                return try await db.transaction { tx in
                    let used = try await InviteLinkUseRow.query(on: tx).filter(\.$linkID == fresh.id!).count()
                    if let max = fresh.maxUses, used >= max { throw InvitationRule.acceptError(for: .used)! }
                    let use = InviteLinkUseRow()
                    use.linkID = fresh.id!
                    use.userID = user.id!
                    use.sequence = used + 1
                    use.createdAt = env.clock.now()
                    try await use.create(on: tx)
                    try await InviteLinkRow.query(on: tx).filter(\.$id == fresh.id!).set(\.$uses, to: used + 1).update()
                    guard let ws = try await WorkspaceRow.find(fresh.workspaceID, on: tx),
                        let org = try await Load.org(ws.orgID, on: tx), let role = WorkspaceRole(rawValue: fresh.role)
                    else { throw DomainError.notFound("That workspace") }
                    let outcome = try await Memberships(db: tx, env: env).grantWorkspace(
                        ws.value, orgName: org.name, user: user, role: role, actor: actor, via: "invite link")
                    try await AuditLog(db: tx, clock: env.clock).record(
                        "invite_link.used", actor: actor, org: fresh.orgID, workspace: fresh.workspaceID,
                        target: .init(type: "invite_link", id: fresh.id!.uuidString.lowercased(), label: user.email),
                        after: fresh.role)
                    return AcceptResult(
                        outcome: outcome, role: fresh.role, workspaceID: workspaceID, orgID: OrgID(fresh.orgID))
                }
            } catch  where error.isConstraintViolation {
                // Someone else took this use number (or this person joined in parallel): look again.
                if let membership = try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == row.workspaceID)
                    .filter(\.$userID == user.id!).filter(\.$removedAt == nil).first()
                {
                    return AcceptResult(
                        outcome: .alreadyMember, role: membership.role, workspaceID: workspaceID,
                        orgID: OrgID(row.orgID))
                }
                continue
            }
        }
        throw DomainError(.conflict, code: "try_again", detail: "Many people are joining right now. Try again.")
    }

    public func decline(token: String, by actor: UserID) async throws {
        let user = try await Load.user(actor, on: db)
        guard case .email(let row, _) = try await find(token: token) else {
            throw DomainError(
                .unprocessable, code: "links_cannot_be_declined",
                detail: "Invite links are shared with many people; there is nothing to decline. Just don't use it.")
        }
        let invite = try await view(row, inviter: nil)
        if let error = InvitationRule.acceptError(for: invite.status) { throw error }
        try InvitationRule.checkAccount(invited: row.email, signedIn: user.email)
        try await db.transaction { tx in
            guard try await settle(row, as: .declined, on: tx) else { throw Self.notPending }
            try await AuditLog(db: tx, clock: env.clock).record(
                "invite.declined", actor: actor, org: row.orgID, workspace: row.workspaceID,
                target: .init(type: "invite", id: row.id!.uuidString.lowercased(), label: row.email), before: row.role)
        }
    }

    /// Live invites addressed to the signed-in person, each with a token of their own.
    public func mine(_ actor: UserID) async throws -> [MyInvite] {
        let user = try await Load.user(actor, on: db)
        try IdentityRule.checkMayListInvites(emailVerified: user.emailVerifiedAt != nil)
        let rows = try await InviteRow.query(on: db).filter(\.$email == user.email)
            .filter(\.$state == EmailInviteState.pending.rawValue).sort(\.$createdAt, .descending).all()
        var result: [MyInvite] = []
        for row in rows {
            let inviter = try await UserRow.find(row.invitedBy, on: db)?.value
            guard try await view(row, inviter: inviter).status == .pending else { continue }
            let token = env.tokens.newToken()
            row.selfTokenHash = env.tokens.digest(token)
            try await row.save(on: db)
            result.append(
                MyInvite(
                    id: row.id!, token: token, scope: row.scope, name: try await placeName(row.orgID, row.workspaceID),
                    role: row.role, invitedBy: inviter?.name, expiresAt: row.expiresAt))
        }
        return result
    }
}
