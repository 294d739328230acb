import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Memberships as stored: who holds which role where, owner counts, and the locks that serialise
/// changes to one place's people.
enum MembershipQueries {
    static func orgMembership(org: UUID, user: UUID, on db: any Database) async throws -> OrgMemberRow? {
        try await OrgMemberRow.query(on: db).filter(\.$orgID == org).filter(\.$userID == user).first()
    }

    static func activeOrgRole(org: UUID, user: UUID, on db: any Database) async throws -> OrgRole? {
        guard let row = try await orgMembership(org: org, user: user, on: db), row.removedAt == nil else { return nil }
        return OrgRole(rawValue: row.role)
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

    static func lock(_ place: Place, on tx: any Database) async throws {
        switch place {
        case .org(let id): try await lockOrg(id.uuid, on: tx)
        case .workspace(let id): try await lockWorkspace(id.uuid, on: tx)
        }
    }

    /// Explicit owners; oversight through the organisation does not count (NOTES §6).
    static func ownerCount(_ place: Place, on db: any Database) async throws -> Int {
        switch place {
        case .org(let id): try await orgOwnerCount(id.uuid, on: db)
        case .workspace(let id): try await workspaceOwnerCount(id.uuid, on: db)
        }
    }

    /// The person's membership of the workspace, removed or not.
    static func workspaceMembership(_ workspace: UUID, user: UUID, on db: any Database) async throws
        -> WorkspaceMemberRow?
    {
        try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace).filter(\.$userID == user)
            .first()
    }

    /// The person's active inside-role memberships of the organisation's workspaces: their own
    /// memberships first (indexed by user), then which of those workspaces are the organisation's,
    /// so the read is bounded by one person, not by the organisation.
    static func insideMemberships(of user: UUID, in org: UUID, on db: any Database) async throws
        -> [WorkspaceMemberRow]
    {
        let theirs = try await WorkspaceMemberRow.query(on: db).filter(\.$userID == user)
            .filter(\.$removedAt == nil).all()
            .filter { !(WorkspaceRole(rawValue: $0.role)?.isOutsideRole ?? false) }
        let here = Set(
            try await WorkspaceRow.query(on: db).filter(\.$id ~~ theirs.map(\.workspaceID))
                .filter(\.$orgID == org).all().compactMap(\.id))
        return theirs.filter { here.contains($0.workspaceID) }
    }

    static func setOrgRole(_ role: OrgRole, org: UUID, user: UUID, on db: any Database) async throws {
        try await OrgMemberRow.query(on: db).filter(\.$orgID == org).filter(\.$userID == user)
            .set(\.$role, to: role.rawValue).update()
    }

    static func endOrgMembership(org: UUID, user: UUID, at now: Date, on db: any Database) async throws {
        try await OrgMemberRow.query(on: db).filter(\.$orgID == org).filter(\.$userID == user)
            .set(\.$removedAt, to: now).update()
    }

    /// The organisation's current members, whatever their role.
    static func activeOrgMemberships(of org: UUID, on db: any Database) async throws -> [OrgMemberRow] {
        try await OrgMemberRow.query(on: db).filter(\.$orgID == org).filter(\.$removedAt == nil).all()
    }

    /// The workspace's current members, whatever their role.
    static func activeWorkspaceMemberships(of workspace: UUID, on db: any Database) async throws
        -> [WorkspaceMemberRow]
    {
        try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace).filter(\.$removedAt == nil)
            .all()
    }

    /// The person's membership of the workspace if they are in it now (a removed one does not count).
    static func activeWorkspaceMembership(_ workspace: UUID, user: UUID, on db: any Database) async throws
        -> WorkspaceMemberRow?
    {
        try await WorkspaceMemberRow.query(on: db).filter(\.$workspaceID == workspace)
            .filter(\.$userID == user).filter(\.$removedAt == nil).first()
    }
}
