import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Who is asking, about which organisation, and with what standing.
public struct OrgContext: Sendable {
    public let org: Organisation
    public let role: OrgRole
    public let tier: Tier
    public let user: User
    public func can(_ capability: OrgCapability) -> Bool { Access.can(role, capability) }
}

/// Who is asking, about which workspace, and with what standing.
public struct WorkspaceContext: Sendable {
    public let workspace: Workspace
    public let org: Organisation
    public let orgRole: OrgRole?
    public let access: WorkspaceAccess
    public let tier: Tier
    public let user: User

    public var role: WorkspaceRole { access.role }
    public func can(_ capability: WorkspaceCapability) -> Bool { Access.can(role, capability, tier: tier) }
    public func decide(_ capability: WorkspaceCapability) -> AccessDecision {
        Access.decide(role, capability, tier: tier)
    }
    public func require(_ capability: WorkspaceCapability) throws(DomainError) {
        try Access.require(role, capability, tier: tier)
    }
}

/// Loading helpers shared by the services.
enum Load {
    static func user(_ id: UserID, on db: any Database) async throws -> UserRow {
        guard let row = try await UserRow.find(id.uuid, on: db) else { throw DomainError.unauthenticated }
        return row
    }

    /// The accounts with these ids, by id.
    static func users(_ ids: [UUID], on db: any Database) async throws -> [UUID: User] {
        guard !ids.isEmpty else { return [:] }
        let users = try await UserRow.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0.value) })
    }

    static func pooledAccount(org: UUID, on db: any Database) async throws -> BillingAccountRow? {
        try await BillingAccountRow.query(on: db).filter(\.$orgID == org).filter(\.$scope == "org").first()
    }

    static func tier(ofAccount id: UUID?, on db: any Database) async throws -> Tier {
        guard let id, let row = try await BillingAccountRow.find(id, on: db) else { return .free }
        return Tier(rawValue: row.tier) ?? .free
    }

    static func orgMembership(org: UUID, user: UUID, on db: any Database) async throws -> OrgMemberRow? {
        try await OrgMemberRow.query(on: db).filter(\.$orgID == org).filter(\.$userID == user).first()
    }

    static func activeOrgRole(org: UUID, user: UUID, on db: any Database) async throws -> OrgRole? {
        guard let row = try await orgMembership(org: org, user: user, on: db), row.removedAt == nil else { return nil }
        return OrgRole(rawValue: row.role)
    }

    /// The caller's own organisation role, under the organisation's two-factor requirement: paths
    /// that fall back to the org role (deciding access requests, billing) must not skip it.
    static func callerOrgRole(org: UUID, user: UUID, on db: any Database) async throws -> OrgRole? {
        guard let role = try await activeOrgRole(org: org, user: user, on: db) else { return nil }
        if let org = try await OrgRow.find(org, on: db), org.requiresTwoFactor,
            let person = try await UserRow.find(user, on: db)
        {
            try IdentityRule.checkTwoFactor(orgRequires: true, userHasTwoFactor: person.totpEnabledAt != nil)
        }
        return role
    }

    static func org(_ id: UUID, on db: any Database) async throws -> Organisation? {
        guard let row = try await OrgRow.find(id, on: db) else { return nil }
        return row.value(billingAccountID: try await pooledAccount(org: id, on: db)?.id)
    }

    /// The caller's standing in an organisation; 404 when they are not in it.
    static func orgContext(_ id: OrgID, user: UserID, on db: any Database) async throws -> OrgContext {
        guard let context = try await ContextQueries.org(id.uuid, user: user.uuid, on: db) else {
            throw DomainError.notFound("That organisation")
        }
        try IdentityRule.checkTwoFactor(
            orgRequires: context.org.requiresTwoFactor, userHasTwoFactor: context.user.twoFactorEnabled)
        return context
    }

    /// The caller's standing in a workspace; 404 when they can't reach it at all.
    /// `caller` is false when reading someone else's standing (a member whose role changes, an
    /// inviter): the organisation's two-factor requirement applies to whoever makes the request.
    static func workspaceContext(_ id: WorkspaceID, user: UserID, caller: Bool = true, on db: any Database)
        async throws -> WorkspaceContext
    {
        guard let (context, _) = try await ContextQueries.workspace(.workspace(id.uuid), user: user.uuid, on: db)
        else { throw DomainError.notFound("That workspace") }
        if caller {
            try IdentityRule.checkTwoFactor(
                orgRequires: context.org.requiresTwoFactor, userHasTwoFactor: context.user.twoFactorEnabled)
        }
        return context
    }

    /// A project with the caller's standing in its workspace; 404 when they can't reach it.
    static func projectContext(_ id: ProjectID, user: UserID, on db: any Database) async throws
        -> (WorkspaceContext, Project)
    {
        guard let (context, project) = try await ContextQueries.workspace(.project(id.uuid), user: user.uuid, on: db),
            let project
        else { throw DomainError.notFound("That project") }
        try IdentityRule.checkTwoFactor(
            orgRequires: context.org.requiresTwoFactor, userHasTwoFactor: context.user.twoFactorEnabled)
        return (context, project)
    }

    /// Serialises changes to one workspace's people for the rest of the transaction, so a check
    /// (the last owner, the actor's own standing) still holds when the write lands: a row lock on
    /// PostgreSQL; on SQLite the database write lock, taken first so the transaction never has to
    /// upgrade a read lock (which would fail instead of wait).
    static func lockWorkspace(_ id: UUID, on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).raw("UPDATE workspaces SET name = name WHERE id = \(bind: id)").run()
    }

    /// The same for an organisation's people.
    static func lockOrg(_ id: UUID, on tx: any Database) async throws {
        try await (tx as! any SQLDatabase).raw("UPDATE orgs SET name = name WHERE id = \(bind: id)").run()
    }

    /// Explicit owners; oversight through the organisation does not count (NOTES §6).
    static func workspaceOwnerCount(_ workspace: UUID, on db: any Database) async throws -> Int {
        try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace)
            .filter(\.$role == WorkspaceRole.owner.rawValue).filter(\.$removedAt == nil).count()
    }

    static func orgOwnerCount(_ org: UUID, on db: any Database) async throws -> Int {
        try await OrgMemberRow.query(on: db).filter(\.$orgID == org)
            .filter(\.$role == OrgRole.owner.rawValue).filter(\.$removedAt == nil).count()
    }
}

/// One address's result in a bulk add (NOTES §5: each address has its own outcome or error).
public struct AddResult: Sendable {
    public var email: String
    public var outcome: AddOutcome?
    public var error: DomainError?
    /// The pending invite, for the `invited` outcome.
    public var inviteID: UUID?

    public init(email: String, outcome: AddOutcome?, error: DomainError?, inviteID: UUID? = nil) {
        self.email = email
        self.outcome = outcome
        self.error = error
        self.inviteID = inviteID
    }
}

/// Parses the raw address list of a bulk add: split on commas, spaces and newlines, at most 50.
enum AddressList {
    static let maximum = 50

    static func parse(_ raw: [String]) throws(DomainError) -> [String] {
        // "\r\n" is one Character in Swift, so separators are matched by kind, not by listing them.
        let parts = raw.flatMap {
            $0.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map(String.init)
        }
        var seen = Set<String>()
        let unique = parts.filter { seen.insert($0.lowercased()).inserted }
        if unique.isEmpty { throw DomainError.invalid("emails", "enter at least one email address") }
        if unique.count > maximum {
            throw DomainError.invalid("emails", "at most \(maximum) addresses at a time (got \(unique.count))")
        }
        return unique
    }
}

extension DomainError {
    static func invalidAddress(_ raw: String) -> DomainError {
        DomainError(.unprocessable, code: "invalid_email", detail: "“\(raw)” is not a valid email address.")
    }
}
