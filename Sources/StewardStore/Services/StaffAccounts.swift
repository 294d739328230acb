import FluentKit
import Foundation
import StewardCore

extension StaffService {
    /// The tiers of some billing accounts, for the staff console's per-workspace tier forms.
    public func tiers(ofAccounts ids: [UUID], by actor: UserID) async throws -> [UUID: Tier] {
        try await requireStaff(actor)
        guard !ids.isEmpty else { return [:] }
        let rows = try await BillingAccountRow.query(on: db).filter(\.$id ~~ ids).all()
        return Dictionary(
            rows.compactMap { row in row.id.map { ($0, Tier(rawValue: row.tier) ?? .free) } },
            uniquingKeysWith: { a, _ in a })
    }
}
