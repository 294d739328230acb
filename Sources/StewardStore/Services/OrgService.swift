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
        try await OrgQueries.memberships(of: user.uuid, on: db).sorted {
            $0.org.name.localizedCaseInsensitiveCompare($1.org.name) == .orderedAscending
        }
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

    public func audit(_ id: OrgID, by actor: UserID, limit: Int, before cursor: Int?) async throws -> [AuditEvent] {
        let ctx = try await context(id, user: actor)
        try Access.require(ctx.role, .viewAudit)
        // Whoever may carve into private workspaces sees all of them; anyone else only their own.
        let seesAll = DiscoveryRule.orgViewShows(.private, orgRole: ctx.role, isMember: false)
        return try await AuditLog.events(
            on: db, org: id.uuid, limit: limit, before: cursor, hidingPrivateFrom: seesAll ? nil : actor.uuid)
    }
}
