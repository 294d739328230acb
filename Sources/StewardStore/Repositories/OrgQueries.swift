import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Organisations as stored, read for what the services ask of them.
enum OrgQueries {
    /// The organisations someone belongs to with their role in each: three statements however
    /// many there are (memberships, organisations, pooled accounts), not one per organisation.
    static func memberships(of user: UUID, on db: any Database) async throws -> [(org: Organisation, role: OrgRole)] {
        let memberships = try await OrgMemberRow.query(on: db).filter(\.$userID == user)
            .filter(\.$removedAt == nil).all()
        guard !memberships.isEmpty else { return [] }
        let ids = memberships.map(\.orgID)
        let orgs = try await OrgRow.query(on: db).filter(\.$id ~~ ids).all()
        let accounts = try await BillingAccountRow.query(on: db).filter(\.$orgID ~~ ids).filter(\.$scope == "org")
            .all()
        let accountByOrg = Dictionary(accounts.map { ($0.orgID, $0.id!) }) { first, _ in first }
        let orgByID = Dictionary(uniqueKeysWithValues: orgs.map { ($0.id!, $0) })
        return memberships.compactMap { membership in
            guard let row = orgByID[membership.orgID], let role = OrgRole(rawValue: membership.role) else { return nil }
            return (row.value(billingAccountID: accountByOrg[membership.orgID]), role)
        }
    }
}
