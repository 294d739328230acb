import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Billing accounts as stored: an organisation's accounts, the workspaces that bill to one, the
/// people who might manage one, and the referral deals that discount it.
enum BillingQueries {
    /// Every account of the organisation, the pool and each workspace's own, oldest first.
    static func accounts(of org: UUID, on db: any Database) async throws -> [BillingAccountRow] {
        try await BillingAccountRow.query(on: db).filter(\.$orgID == org).sort(\.$createdAt).all()
    }

    static func workspaces(billedTo account: UUID, on db: any Database) async throws -> [WorkspaceRow] {
        try await WorkspaceRow.query(on: db).filter(\.$billingAccountID == account).all()
    }

    static func workspacesByName(billedTo account: UUID, on db: any Database) async throws -> [WorkspaceRow] {
        try await WorkspaceRow.query(on: db).filter(\.$billingAccountID == account).sort(\.$name).all()
    }

    /// Which of these workspaces the person is an active member of.
    static func workspaces(_ ids: [UUID], joinedBy user: UUID, on db: any Database) async throws -> [UUID] {
        guard !ids.isEmpty else { return [] }
        return try await WorkspaceMemberRow.query(on: db).filter(\.$userID == user)
            .filter(\.$removedAt == nil).filter(\.$workspaceID ~~ ids).all().map(\.workspaceID)
    }

    /// Referral deals made for this client workspace, whenever they run.
    static func referralDeals(forClient workspace: UUID, on db: any Database) async throws -> [ReferralDealRow] {
        try await ReferralDealRow.query(on: db).filter(\.$clientWorkspaceID == workspace).all()
    }
}
