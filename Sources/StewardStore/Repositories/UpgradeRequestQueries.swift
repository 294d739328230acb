import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Upgrade requests as stored: the one a person already has open, an organisation's lists, and
/// the single write that decides one.
enum UpgradeRequestQueries {
    /// The person's request of this kind for the account that still waits for a decision.
    static func pendingRequest(by requester: UUID, account: UUID, kind: String, on db: any Database) async throws
        -> UpgradeRequestRow?
    {
        try await UpgradeRequestRow.query(on: db).filter(\.$requestedBy == requester)
            .filter(\.$billingAccountID == account).filter(\.$kind == kind).filter(\.$status == "pending").first()
    }

    /// An organisation's requests waiting for a decision, newest first.
    static func pendingRequests(in org: UUID, on db: any Database) async throws -> [UpgradeRequestRow] {
        try await UpgradeRequestRow.query(on: db).filter(\.$orgID == org).filter(\.$status == "pending")
            .sort(\.$createdAt, .descending).all()
    }

    /// One person's requests in an organisation, whatever their status, newest first.
    static func requests(in org: UUID, by requester: UUID, on db: any Database) async throws -> [UpgradeRequestRow] {
        try await UpgradeRequestRow.query(on: db).filter(\.$orgID == org).filter(\.$requestedBy == requester)
            .sort(\.$createdAt, .descending).all()
    }

    /// Decides the request only if it is still pending (a guarded update); false when another
    /// decision got there first.
    static func recordDecision(
        _ id: UUID, approved approve: Bool, by decider: UUID, at now: Date, createdWorkspace: UUID?,
        on db: any Database
    ) async throws -> Bool {
        let sql = db as! any SQLDatabase
        return try await !sql.raw(
            """
            UPDATE upgrade_requests SET status = \(bind: approve ? "approved" : "denied"),
              decided_by = \(bind: decider), decided_at = \(bind: now),
              created_workspace_id = \(bind: createdWorkspace)
            WHERE id = \(bind: id) AND status = 'pending' RETURNING id
            """
        ).all().isEmpty
    }
}
