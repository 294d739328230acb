import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// The referral ledger: deals between partners and their client workspaces.
extension StaffService {
    public func deals(by actor: UserID) async throws -> [ReferralDeal] {
        try await requireStaff(actor)
        return try await dealValues(StaffQueries.deals(on: db))
    }

    /// A partner's own deals, for its owners/admins/billing.
    public func deals(ofPartner orgID: OrgID, by actor: UserID) async throws -> [ReferralDeal] {
        let ctx = try await Load.orgContext(orgID, user: actor, on: db)
        try Access.require(ctx.role, .viewBilling)
        return try await dealValues(StaffQueries.deals(ofPartner: orgID.uuid, on: db))
    }

    func dealValues(_ rows: [ReferralDealRow]) async throws -> [ReferralDeal] {
        var result: [ReferralDeal] = []
        let now = env.clock.now()
        for row in rows {
            result.append(
                ReferralDeal(
                    id: row.id!, partnerOrgID: OrgID(row.partnerOrgID),
                    partnerOrgName: try await OrgRow.find(row.partnerOrgID, on: db)?.name ?? "",
                    clientWorkspaceID: WorkspaceID(row.clientWorkspaceID),
                    clientWorkspaceName: try await WorkspaceRow.find(row.clientWorkspaceID, on: db)?.name ?? "",
                    kickbackPercent: row.kickbackPercent, discountPercent: row.discountPercent,
                    kickbackCapEur: row.kickbackCapEur, startsAt: row.startsAt, expiresAt: row.expiresAt,
                    notes: row.notes,
                    isActive: ReferralDealInput.isActive(startsAt: row.startsAt, expiresAt: row.expiresAt, at: now)))
        }
        return result
    }

    public func createDeal(_ fields: ReferralDealFields, by actor: UserID) async throws -> ReferralDeal {
        try await requireStaff(actor)
        let row = ReferralDealRow()
        row.createdBy = actor.uuid
        row.createdAt = env.clock.now()
        try await apply(fields, to: row, creating: true)
        try await db.transaction { tx in
            try await row.create(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "referral_deal.created", actor: actor, org: row.partnerOrgID, workspace: row.clientWorkspaceID,
                target: .init(type: "referral_deal", id: row.id!.uuidString.lowercased(), label: nil),
                after: summary(row))
        }
        return try await dealValues([row])[0]
    }

    public func updateDeal(_ id: UUID, _ fields: ReferralDealFields, by actor: UserID) async throws -> ReferralDeal {
        try await requireStaff(actor)
        guard let row = try await ReferralDealRow.find(id, on: db) else { throw DomainError.notFound("That deal") }
        let before = summary(row)
        try await apply(fields, to: row, creating: false)
        try await db.transaction { tx in
            try await row.save(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "referral_deal.updated", actor: actor, org: row.partnerOrgID, workspace: row.clientWorkspaceID,
                target: .init(type: "referral_deal", id: id.uuidString.lowercased(), label: nil), before: before,
                after: summary(row))
        }
        return try await dealValues([row])[0]
    }

    public func deleteDeal(_ id: UUID, by actor: UserID) async throws {
        try await requireStaff(actor)
        guard let row = try await ReferralDealRow.find(id, on: db) else { throw DomainError.notFound("That deal") }
        try await db.transaction { tx in
            try await row.delete(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "referral_deal.deleted", actor: actor, org: row.partnerOrgID, workspace: row.clientWorkspaceID,
                target: .init(type: "referral_deal", id: id.uuidString.lowercased(), label: nil), before: summary(row))
        }
    }

    func summary(_ row: ReferralDealRow) -> String {
        "kickback \(row.kickbackPercent)%, discount \(row.discountPercent)%"
            + (row.kickbackCapEur.map { ", cap €\($0)" } ?? "")
    }

    /// Applies and validates fields: partner must be a partner organisation, the client workspace
    /// an external-client workspace of that partner.
    func apply(_ f: ReferralDealFields, to row: ReferralDealRow, creating: Bool) async throws {
        let input = ReferralDealInput(
            kickbackPercent: f.kickbackPercent ?? (creating ? nil : row.kickbackPercent),
            discountPercent: f.discountPercent ?? (creating ? nil : row.discountPercent),
            kickbackCapEur: f.kickbackCapEur ?? (creating ? nil : row.kickbackCapEur),
            startsAt: f.startsAt ?? (creating ? nil : row.startsAt),
            expiresAt: f.expiresAt ?? (creating ? nil : row.expiresAt))
        var v = Validator()
        var partner: OrgRow?
        if let raw = f.partnerOrgID ?? (creating ? nil : row.partnerOrgID.uuidString) {
            partner = try await UUID(uuidString: raw).asyncMap { try await OrgRow.find($0, on: db) } ?? nil
            if partner == nil {
                v.refuse("partner_unknown", field: "partnerOrgId", "is not an organisation")
            } else if partner?.isPartner != true {
                v.refuse("not_a_partner", field: "partnerOrgId", "is not a partner organisation")
            }
        } else {
            v.fail("partnerOrgId", "is required")
        }
        var client: WorkspaceRow?
        if let raw = f.clientWorkspaceID ?? (creating ? nil : row.clientWorkspaceID.uuidString) {
            client = try await UUID(uuidString: raw).asyncMap { try await WorkspaceRow.find($0, on: db) } ?? nil
            if client == nil || client?.kind != WorkspaceKind.externalClient.rawValue {
                v.refuse("not_external_client", field: "clientWorkspaceId", "is not an external-client workspace")
            } else if let partner, client?.orgID != partner.id {
                v.refuse(
                    "client_of_another_partner", field: "clientWorkspaceId",
                    "does not belong to that partner organisation")
            }
        } else {
            v.fail("clientWorkspaceId", "is required")
        }
        let notes = v.optionalText(f.notes ?? (creating ? "" : row.notes), field: "notes", max: 2000)
        do { try input.validate() } catch {
            for e in error.fieldErrors {
                if error.code == DomainError.validationFailedCode {
                    v.fail(e.field, e.message)
                } else {
                    v.refuse(error.code, field: e.field, e.message)
                }
            }
        }
        try v.check()
        row.partnerOrgID = partner!.id!
        row.clientWorkspaceID = client!.id!
        row.kickbackPercent = input.kickbackPercent!
        row.discountPercent = input.discountPercent!
        row.kickbackCapEur = input.kickbackCapEur
        row.startsAt = input.startsAt!
        row.expiresAt = input.expiresAt
        row.notes = notes
        row.updatedAt = env.clock.now()
    }
}
