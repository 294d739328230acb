import FluentKit
import FluentSQL
import Foundation
import StewardCore

public struct OrgService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    /// Creates an organisation with its pooled billing account (tier free); the creator owns it.
    public func create(name: String?, by actor: UserID) async throws -> OrgContext {
        var v = Validator()
        let name = v.name(name, field: "name")
        try v.check()
        let now = env.clock.now()
        let orgID = try await db.transaction { tx in
            let org = try await Self.insert(name: name, owner: actor.uuid, now: now, on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "org.created", actor: actor, org: org.id, workspace: nil,
                target: .init(type: "org", id: org.id!.uuidString.lowercased(), label: name), after: name)
            return OrgID(org.id!)
        }
        return try await Load.orgContext(orgID, user: actor, on: db)
    }

    /// A new organisation with its pooled billing account (tier free) and its owner.
    static func insert(name: String, owner: UUID, now: Date, on tx: any Database) async throws -> OrgRow {
        let org = OrgRow()
        org.name = name
        org.isPartner = false
        org.requiresTwoFactor = false
        org.createdAt = now
        try await org.create(on: tx)
        let account = BillingAccountRow()
        account.scope = "org"
        account.orgID = org.id!
        account.tier = Tier.free.rawValue
        account.period = BillingPeriod.yearly.rawValue
        account.createdAt = now
        try await account.create(on: tx)
        let membership = OrgMemberRow()
        membership.orgID = org.id!
        membership.userID = owner
        membership.role = OrgRole.owner.rawValue
        membership.createdAt = now
        try await membership.create(on: tx)
        return org
    }

    public func context(_ id: OrgID, user: UserID) async throws -> OrgContext {
        try await Load.orgContext(id, user: user, on: db)
    }

    /// The organisations the user belongs to, by name.
    public func mine(_ user: UserID) async throws -> [(org: Organisation, role: OrgRole)] {
        let memberships = try await OrgMemberRow.query(on: db).filter(\.$userID == user.uuid)
            .filter(\.$removedAt == nil).all()
        var result: [(Organisation, OrgRole)] = []
        for m in memberships {
            if let org = try await Load.org(m.orgID, on: db), let role = OrgRole(rawValue: m.role) {
                result.append((org, role))
            }
        }
        return result.sorted { $0.0.name.localizedCaseInsensitiveCompare($1.0.name) == .orderedAscending }
    }

    public func rename(_ id: OrgID, name: String?, by actor: UserID) async throws -> OrgContext {
        let ctx = try await context(id, user: actor)
        try Access.require(ctx.role, .changeSettings)
        // PATCH semantics: an absent name changes nothing.
        guard let name else { return ctx }
        var v = Validator()
        let newName = v.name(name, field: "name")
        try v.check()
        guard newName != ctx.org.name else { return ctx }
        try await db.transaction { tx in
            try await OrgRow.query(on: tx).filter(\.$id == id.uuid).set(\.$name, to: newName).update()
            try await AuditLog(db: tx, clock: env.clock).record(
                "org.renamed", actor: actor, org: id.uuid, workspace: nil,
                target: .init(type: "org", id: id.description, label: newName), before: ctx.org.name, after: newName)
        }
        return try await context(id, user: actor)
    }

    /// Highest role first, then by name.
    public func members(_ id: OrgID, page: PageQuery = .first, by actor: UserID) async throws -> ListPage<OrgMember> {
        let ctx = try await context(id, user: actor)
        try Access.require(ctx.role, .viewOrganisation)
        let rank =
            "CASE "
            + OrgRole.allCases.map { "WHEN om.role = '\($0.rawValue)' THEN \($0.rank)" }
            .joined(separator: " ") + " END"
        let rows = try await RankedPeople.page(
            """
            SELECT u.id AS id, u.email AS u_email, u.name AS u_name, u.is_staff AS u_is_staff, u.email_verified_at AS u_email_verified_at, u.totp_enabled_at AS u_totp_enabled_at, om.role AS role,
              \(unsafeRaw: rank) AS rank
            FROM org_memberships om JOIN users u ON u.id = om.user_id
            WHERE om.org_id = \(bind: id.uuid) AND om.removed_at IS NULL
            """, page: page, on: db)
        let showsTwoFactor = Access.can(ctx.role, .manageMembers)
        return try RankedPeople.cut(rows, page: page) { row in
            guard let role = OrgRole(rawValue: try row.decode(column: "role", as: String.self)) else { return nil }
            var member = OrgMember(
                user: try ContextQueries.decodeUser(row, id: try row.decode(column: "id", as: UUID.self)), role: role)
            member.twoFactorShown = showsTwoFactor ? member.user.twoFactorEnabled : nil
            return member
        }
    }

    func usersByID(_ ids: [UUID]) async throws -> [UUID: User] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserRow.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.value) })
    }

    public func changeRole(_ id: OrgID, member target: UserID, to rawRole: String?, by actor: UserID) async throws
        -> OrgMember
    {
        try Access.require(try await context(id, user: actor).role, .manageMembers)
        var v = Validator()
        let role: OrgRole? = v.role(rawRole)
        try v.check()
        return try await db.transaction { tx in
            // Locked, then read again: two owners demoting each other at once cannot both pass.
            try await Load.lockOrg(id.uuid, on: tx)
            let ctx = try await Load.orgContext(id, user: actor, on: tx)
            try Access.require(ctx.role, .manageMembers)
            guard let row = try await Load.orgMembership(org: id.uuid, user: target.uuid, on: tx), row.removedAt == nil,
                let current = OrgRole(rawValue: row.role), let userRow = try await UserRow.find(target.uuid, on: tx)
            else { throw DomainError.notFound("That member") }
            try GrantRule.checkGrant(
                actor: ctx.role, grants: role!, targetCurrent: current,
                ownerCount: try await Load.orgOwnerCount(id.uuid, on: tx))
            if current != role! {
                row.role = role!.rawValue
                try await row.save(on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "org.member_role_changed", actor: actor, org: id.uuid, workspace: nil,
                    target: AuditLog.user(userRow), before: current.rawValue, after: role!.rawValue)
                try await Outbox.enqueue(
                    Emails.roleChanged(
                        to: userRow.email, scope: .init(noun: "organisation", name: ctx.org.name),
                        before: current.rawValue, after: role!.rawValue, link: env.link(.org(id))), on: tx,
                    now: env.clock.now())
            }
            return OrgMember(user: userRow.value, role: role!)
        }
    }

    /// Removes someone from the organisation (or lets them leave). Their inside-role workspace
    /// memberships in this organisation end with it; outside roles (external, observer) never
    /// depended on the organisation and stay.
    public func remove(_ id: OrgID, member target: UserID, by actor: UserID) async throws {
        let leaving = target == actor
        if !leaving { try Access.require(try await context(id, user: actor).role, .manageMembers) }
        try await db.transaction { tx in
            try await Load.lockOrg(id.uuid, on: tx)
            let ctx = try await Load.orgContext(id, user: actor, on: tx)
            if !leaving { try Access.require(ctx.role, .manageMembers) }
            guard let row = try await Load.orgMembership(org: id.uuid, user: target.uuid, on: tx), row.removedAt == nil,
                let current = OrgRole(rawValue: row.role), let userRow = try await UserRow.find(target.uuid, on: tx)
            else { throw DomainError.notFound("That member") }
            let owners = try await Load.orgOwnerCount(id.uuid, on: tx)
            if leaving {
                try GrantRule.checkLeave(role: current, ownerCount: owners)
            } else {
                try GrantRule.checkRemoval(actor: ctx.role, target: current, ownerCount: owners)
            }
            let now = env.clock.now()
            // The person's own memberships first (indexed by user), then which of those
            // workspaces are this organisation's: bounded by one person, not by the organisation.
            let theirs = try await WorkspaceMemberRow.query(on: tx).filter(\.$userID == target.uuid)
                .filter(\.$removedAt == nil).all()
                .filter { !(WorkspaceRole(rawValue: $0.role)?.isOutsideRole ?? false) }
            let here = Set(
                try await WorkspaceRow.query(on: tx).filter(\.$id ~~ theirs.map(\.workspaceID))
                    .filter(\.$orgID == id.uuid).all().compactMap(\.id))
            let inside = theirs.filter { here.contains($0.workspaceID) }
            for membership in inside {
                if membership.role == WorkspaceRole.owner.rawValue,
                    try await Load.workspaceOwnerCount(membership.workspaceID, on: tx) <= 1
                {
                    let name = try await WorkspaceRow.find(membership.workspaceID, on: tx)?.name ?? "a workspace"
                    throw DomainError(
                        .conflict, code: "last_owner",
                        detail: "\(userRow.name) is the last owner of the workspace “\(name)”. Make someone else its "
                            + "owner before removing them from the organisation.")
                }
                let before = membership.role
                membership.removedAt = now
                try await membership.save(on: tx)
                try await SeatLedger(db: tx, now: now).changed(
                    workspace: membership.workspaceID, user: target.uuid, to: nil)
                try await AuditLog(db: tx, clock: env.clock).record(
                    "workspace.member_removed", actor: actor, org: id.uuid, workspace: membership.workspaceID,
                    target: AuditLog.user(userRow), before: before, after: "removed with the organisation membership")
            }
            row.removedAt = now
            try await row.save(on: tx)
            if !leaving {
                try await Outbox.enqueue(
                    Emails.removed(to: userRow.email, scope: .init(noun: "organisation", name: ctx.org.name)), on: tx,
                    now: now)
            }
            try await AuditLog(db: tx, clock: env.clock).record(
                leaving ? "org.member_left" : "org.member_removed", actor: actor, org: id.uuid, workspace: nil,
                target: AuditLog.user(userRow), before: current.rawValue, after: nil)
        }
    }

    public func audit(_ id: OrgID, by actor: UserID, limit: Int, before cursor: Int?) async throws -> [AuditEvent] {
        let ctx = try await context(id, user: actor)
        try Access.require(ctx.role, .viewAudit)
        // Whoever may carve into private workspaces sees all of them; anyone else only their own.
        let seesAll = DiscoveryRule.orgViewShows(.private, orgRole: ctx.role, isMember: false)
        return try await AuditLog.events(
            on: db, org: id.uuid, limit: limit, before: cursor, hidingPrivateFrom: seesAll ? nil : actor.uuid)
    }
}
