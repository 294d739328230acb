import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Invitations seen from the invitee: the page, accepting, declining, and their own list.
extension InviteService {
    enum Found {
        /// `emailed`: the token is the one in the email, so holding it proves the mailbox (the
        /// other is the token `/me/invites` showed the signed-in invitee).
        case email(InviteRow, emailed: Bool)
        case link(InviteLinkRow)
    }

    func find(token: String) async throws -> Found {
        guard !token.isEmpty, token.count <= 200 else { throw DomainError.notFound("That invitation") }
        let hash = env.tokens.digest(token)
        if let row = try await InviteQueries.invite(tokenHash: hash, on: db) {
            return .email(row, emailed: row.tokenHash == hash)
        }
        if let link = try await InviteQueries.link(tokenHash: hash, on: db) { return .link(link) }
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

    func placeName(_ org: UUID, _ workspace: UUID?) async throws -> String {
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

    func acceptEmail(_ row: InviteRow, user: UserRow, provesMailbox: Bool) async throws -> AcceptResult {
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

    func currentStanding(_ row: InviteRow, user: UserRow) async throws -> AcceptResult {
        var role = row.role
        if let workspaceID = row.workspaceID,
            let membership = try await MembershipQueries.activeWorkspaceMembership(workspaceID, user: user.id!, on: db)
        {
            role = membership.role
        } else if row.workspaceID == nil,
            let orgRole = try await MembershipQueries.activeOrgRole(org: row.orgID, user: user.id!, on: db)
        {
            role = orgRole.rawValue
        } else {
            throw InvitationRule.acceptError(for: .used)!
        }
        return AcceptResult(
            outcome: .alreadyMember, role: role, workspaceID: row.workspaceID.map(WorkspaceID.init),
            orgID: OrgID(row.orgID))
    }

    func acceptLink(_ row: InviteLinkRow, user: UserRow) async throws -> AcceptResult {
        let actor = UserID(user.id!)
        let workspaceID = WorkspaceID(row.workspaceID)
        if let membership = try await MembershipQueries.activeWorkspaceMembership(
            row.workspaceID, user: user.id!, on: db)
        {
            return AcceptResult(
                outcome: .alreadyMember, role: membership.role, workspaceID: workspaceID, orgID: OrgID(row.orgID))
        }
        if try await InviteQueries.hasUsed(link: row.id!, user: user.id!, on: db) {
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
                    let used = try await InviteQueries.useCount(of: fresh.id!, on: tx)
                    if let max = fresh.maxUses, used >= max { throw InvitationRule.acceptError(for: .used)! }
                    let use = InviteLinkUseRow()
                    use.linkID = fresh.id!
                    use.userID = user.id!
                    use.sequence = used + 1
                    use.createdAt = env.clock.now()
                    try await use.create(on: tx)
                    try await InviteQueries.setUses(used + 1, of: fresh.id!, on: tx)
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
                if let membership = try await MembershipQueries.activeWorkspaceMembership(
                    row.workspaceID, user: user.id!, on: db)
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
        let rows = try await InviteQueries.pendingInvites(addressedTo: user.email, on: db)
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
