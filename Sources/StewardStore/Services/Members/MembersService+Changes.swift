import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Role changes and removals, one flow for both places: lock the place, read the actor's and the
/// target's standing again under the lock, apply the rules, write, then audit and email.
extension MembersService {
    /// Changes a member's role. A workspace overseer present only through the organisation gets
    /// an explicit membership with the new role (NOTES §6: an explicit act makes it a normal one).
    public func changeRole(in place: Place, member target: UserID, to rawRole: String?, by actor: UserID)
        async throws -> Member
    {
        let outer = try await context(place, user: actor)
        try outer.requireManagingMembers()
        var v = Validator()
        let role = v.role(rawRole, in: place)
        try v.check()
        _ = try await standing(of: target, in: outer, on: db)
        return try await db.transaction { tx in
            // Locked, then read again: two owners demoting each other at once cannot both pass.
            try await MembershipQueries.lock(place, on: tx)
            let ctx = try await PlaceContext.load(place, user: actor, on: tx)
            try ctx.requireManagingMembers()
            let standing = try await standing(of: target, in: ctx, on: tx)
            try MemberRules.checkRoleChange(
                actor: ctx.role, role: role!, current: standing.current, explicit: standing.explicit,
                isOrgMember: standing.isOrgMember, kind: ctx.workspaceKind,
                ownerCount: try await MembershipQueries.ownerCount(place, on: tx))
            let userRow = try await Load.user(target, on: tx)
            if standing.explicit != role! {
                try await write(role!, for: target, in: ctx, on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "\(ctx.scope).member_role_changed", actor: actor, org: ctx.orgID, workspace: ctx.workspaceID,
                    target: AuditLog.user(userRow), before: standing.label, after: role!.rawValue)
                let brand = try await Branding.email(for: ctx, on: tx)
                try await Outbox.enqueue(
                    Emails.roleChanged(
                        to: userRow.email, scope: ctx.emailScope, before: standing.current.rawValue,
                        after: role!.rawValue, link: env.link(place.page), brand: brand), on: tx,
                    now: env.clock.now())
            }
            return Member(user: userRow.value, role: role!)
        }
    }

    /// Removes someone, or lets them leave. Leaving a workspace is sticky: the organisation does
    /// not pull them back in until they are invited again (NOTES §6). Leaving an organisation ends
    /// their inside-role memberships of its workspaces; outside roles never depended on it.
    public func remove(_ target: UserID, from place: Place, by actor: UserID) async throws {
        let leaving = target == actor
        let outer = try await context(place, user: actor)
        if !leaving { try outer.requireManagingMembers() }
        _ = try await standing(of: target, in: outer, on: db)
        try await db.transaction { tx in
            // Locked, then read again: two owners leaving (or removing each other) at once cannot
            // both pass the last-owner rule.
            try await MembershipQueries.lock(place, on: tx)
            let ctx = try await PlaceContext.load(place, user: actor, on: tx)
            if !leaving { try ctx.requireManagingMembers() }
            let standing = try await standing(of: target, in: ctx, on: tx)
            // Oversight through the organisation is no membership: it is not counted among the
            // owners and leaving it needs no successor.
            let owners = standing.explicit == nil ? Int.max : try await MembershipQueries.ownerCount(place, on: tx)
            if leaving {
                try GrantRule.checkLeave(role: standing.current, ownerCount: owners)
            } else {
                try GrantRule.checkRemoval(actor: ctx.role, target: standing.current, ownerCount: owners)
            }
            let userRow = try await Load.user(target, on: tx)
            let now = env.clock.now()
            switch ctx {
            case .org(let c):
                try await endInsideMemberships(of: userRow, in: c.org.id, by: actor, now: now, on: tx)
                try await MembershipQueries.endOrgMembership(org: c.org.id.uuid, user: target.uuid, at: now, on: tx)
            case .workspace(let c):
                let row = try await membershipRow(c.workspace.id, target, on: tx)
                if row.id == nil { row.role = standing.current.rawValue }
                row.removedAt = now
                try await row.save(on: tx)
                try await SeatLedger(db: tx, now: now).changed(
                    workspace: c.workspace.id.uuid, user: target.uuid, to: nil)
            }
            if !leaving {
                let brand = try await Branding.email(for: ctx, on: tx)
                try await Outbox.enqueue(
                    Emails.removed(to: userRow.email, scope: ctx.emailScope, brand: brand), on: tx, now: now)
            }
            try await AuditLog(db: tx, clock: env.clock).record(
                leaving ? "\(ctx.scope).member_left" : "\(ctx.scope).member_removed", actor: actor, org: ctx.orgID,
                workspace: ctx.workspaceID, target: AuditLog.user(userRow), before: standing.label, after: nil)
        }
    }

    /// Someone's standing in a place.
    struct Standing {
        /// The role they act with there now.
        var current: PlaceRole
        /// Their own membership's role; nil for a workspace overseer present through the organisation.
        var explicit: PlaceRole?
        var isOrgMember: Bool
        /// How the audit log names the role they held.
        var label: String { explicit == nil ? "\(current.rawValue) via organisation" : current.rawValue }
    }

    /// The target's standing, or 404 when they are not in the place.
    func standing(of target: UserID, in ctx: PlaceContext, on database: any Database) async throws -> Standing {
        switch ctx {
        case .org(let c):
            guard
                let role = try await MembershipQueries.activeOrgRole(
                    org: c.org.id.uuid, user: target.uuid, on: database)
            else {
                throw DomainError.notFound("That member")
            }
            return Standing(current: .org(role), explicit: .org(role), isOrgMember: true)
        case .workspace(let c):
            let theirs: WorkspaceContext
            do {
                theirs = try await Load.workspaceContext(c.workspace.id, user: target, caller: false, on: database)
            } catch let error as DomainError where error.kind == .notFound || error.kind == .unauthorized {
                throw DomainError.notFound("That member")
            }
            return Standing(
                current: .workspace(theirs.role),
                explicit: theirs.access.source == .membership ? .workspace(theirs.role) : nil,
                isOrgMember: theirs.orgRole != nil)
        }
    }

    /// Writes the new role: an organisation membership's, or a workspace membership (created for
    /// an overseer, revived after a removal) with its seat.
    func write(_ role: PlaceRole, for target: UserID, in ctx: PlaceContext, on tx: any Database) async throws {
        switch (ctx, role) {
        case (.org(let c), .org(let role)):
            try await MembershipQueries.setOrgRole(role, org: c.org.id.uuid, user: target.uuid, on: tx)
        case (.workspace(let c), .workspace(let role)):
            let row = try await membershipRow(c.workspace.id, target, on: tx)
            row.role = role.rawValue
            row.removedAt = nil
            try await row.save(on: tx)
            try await SeatLedger(db: tx, now: env.clock.now()).changed(
                workspace: c.workspace.id.uuid, user: target.uuid, to: role)
        case (.org, .workspace), (.workspace, .org): preconditionFailure("a role read for another kind of place")
        }
    }

    /// The person's membership row in the workspace, removed or not; a new one when they never had one.
    func membershipRow(_ workspace: WorkspaceID, _ target: UserID, on tx: any Database) async throws
        -> WorkspaceMemberRow
    {
        if let row = try await MembershipQueries.workspaceMembership(workspace.uuid, user: target.uuid, on: tx) {
            return row
        }
        let row = WorkspaceMemberRow()
        row.workspaceID = workspace.uuid
        row.userID = target.uuid
        row.createdAt = env.clock.now()
        return row
    }

    /// Someone leaving an organisation leaves its workspaces where they hold an inside role.
    func endInsideMemberships(of user: UserRow, in org: OrgID, by actor: UserID, now: Date, on tx: any Database)
        async throws
    {
        for membership in try await MembershipQueries.insideMemberships(of: user.id!, in: org.uuid, on: tx) {
            if WorkspaceRole(rawValue: membership.role)?.isOwner == true,
                try await MembershipQueries.workspaceOwnerCount(membership.workspaceID, on: tx) <= 1
            {
                let name = try await WorkspaceRow.find(membership.workspaceID, on: tx)?.name ?? "a workspace"
                throw DomainError(
                    .conflict, code: "last_owner",
                    detail: "\(user.name) is the last owner of the workspace “\(name)”. Make someone else its "
                        + "owner before removing them from the organisation.")
            }
            let before = membership.role
            membership.removedAt = now
            try await membership.save(on: tx)
            try await SeatLedger(db: tx, now: now).changed(workspace: membership.workspaceID, user: user.id!, to: nil)
            try await AuditLog(db: tx, clock: env.clock).record(
                "workspace.member_removed", actor: actor, org: org.uuid, workspace: membership.workspaceID,
                target: AuditLog.user(user), before: before, after: "removed with the organisation membership")
        }
    }
}
