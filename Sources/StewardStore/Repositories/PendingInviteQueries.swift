import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Pending email invites as their place's managers see them: listed, replaced and settled.
enum PendingInviteQueries {
    /// The pending invite holding this key (unique while pending: one per address and place).
    static func pendingInvite(key: String, on db: any Database) async throws -> InviteRow? {
        try await InviteRow.query(on: db).filter(\.$pendingKey == key).first()
    }

    /// Ends the invite only if it is still pending (a guarded update); false when it was not.
    static func markSettled(
        _ id: UUID, as state: EmailInviteState, acceptedBy: UUID?, at now: Date, on db: any Database
    ) async throws -> Bool {
        let sql = db as! any SQLDatabase
        let settled = try await sql.raw(
            """
            UPDATE invites SET state = \(bind: state.rawValue), pending_key = NULL, resolved_at = \(bind: now),
              accepted_by = \(bind: acceptedBy)
            WHERE id = \(bind: id) AND state = \(bind: EmailInviteState.pending.rawValue) RETURNING id
            """
        ).all()
        return !settled.isEmpty
    }

    /// A page of one place's pending invites, newest first: an organisation's own, not its workspaces'.
    static func pendingInvites(in place: Place, page: PageQuery, on db: any Database) async throws -> [InviteRow] {
        let query =
            switch place {
            case .workspace(let id): InviteRow.query(on: db).filter(\.$workspaceID == id.uuid)
            case .org(let id): InviteRow.query(on: db).filter(\.$orgID == id.uuid).filter(\.$scope == "org")
            }
        return try await query.filter(\.$state == EmailInviteState.pending.rawValue)
            .page(page, by: "created_at").all()
    }

    /// Every pending invite of an organisation and of its workspaces, newest first.
    static func pendingInvites(anywhereIn org: UUID, on db: any Database) async throws -> [InviteRow] {
        try await InviteRow.query(on: db).filter(\.$orgID == org)
            .filter(\.$state == EmailInviteState.pending.rawValue).sort(\.$createdAt, .descending).all()
    }
}
