import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Loading the values the services decide on: accounts, organisations, and a caller's standing
/// (context) in an organisation, a workspace or a project.
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

    /// The caller's own organisation role, under the organisation's two-factor requirement: paths
    /// that fall back to the org role (deciding access requests, billing) must not skip it.
    static func callerOrgRole(org: UUID, user: UUID, on db: any Database) async throws -> OrgRole? {
        guard let role = try await MembershipQueries.activeOrgRole(org: org, user: user, on: db) else { return nil }
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

}
