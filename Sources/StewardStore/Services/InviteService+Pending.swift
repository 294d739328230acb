import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Pending invites: listing them, re-sending and cancelling.
extension InviteService {
    /// Newest first. An organisation's own invites, not its workspaces'.
    public func pending(in place: Place, page: PageQuery = .first, by actor: UserID) async throws
        -> ListPage<PendingInvite>
    {
        let ctx = try await PlaceContext.load(place, user: actor, on: db)
        try ctx.requireManagingMembers()
        let rows = try await PendingInviteQueries.pendingInvites(in: place, page: page, on: db)
        return try await pendingPage(rows, page: page, in: ctx)
    }

    /// A page of one place's pending invites with their inviters' standing read in one more
    /// statement, not once per invite.
    func pendingPage(_ rows: [InviteRow], page: PageQuery, in place: PlaceContext) async throws
        -> ListPage<PendingInvite>
    {
        let grantors = try await Grantors.load(Set(rows.map(\.invitedBy)), in: place, on: db)
        return ListPage(rows: rows, request: page) { row in
            let grantor = grantors[row.invitedBy]
            return view(row, inviter: grantor?.user, inviterMayGrant: grantor?.mayGrant(row.role) ?? false)
        }
    }

    /// Every pending invite of an organisation and its workspaces (the org matrix).
    func pendingEverywhere(inOrg id: OrgID) async throws -> [PendingInvite] {
        let rows = try await PendingInviteQueries.pendingInvites(anywhereIn: id.uuid, on: db)
        let inviters = try await Load.users(Array(Set(rows.map(\.invitedBy))), on: db)
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
        guard let orgRole = try await MembershipQueries.activeOrgRole(org: org, user: user.uuid, on: db),
            Access.can(orgRole, .manageMembers), let granted = OrgRole(rawValue: role)
        else { return false }
        return (try? GrantRule.checkGrant(actor: orgRole, grants: granted, targetCurrent: nil, ownerCount: 0)) != nil
    }

    /// The invite, if the actor manages the place it points to; 404 otherwise.
    func managedInvite(_ id: UUID, by actor: UserID) async throws -> (InviteRow, PlaceContext) {
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
        let brand = try await Branding.email(for: target, on: db)
        let newID: UUID
        do {
            newID = try await db.transaction { tx in
                guard try await settle(row, as: .cancelled, on: tx) else { throw Self.notPending }
                let newID = try await createInvite(
                    target, email: row.email, role: row.role, inviter: inviter, purpose: row.purpose, brand: brand,
                    on: tx)
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
}
