import Foundation
import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// The staff console (NOTES §2, §8): organisations and their partner flag, the platform's audit
/// log, workspace handoffs and referral deals. OperationGuard answers 404 to everyone but staff
/// before any of these runs; the services check again.
extension APIHandlers {
    func staffListOrgs(_ input: Operations.StaffListOrgs.Input) async throws -> Operations.StaffListOrgs.Output {
        let req = try APIRequest.request
        let page = try await req.services.staff.orgs(
            matching: input.query.query, page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor),
            by: try req.userID)
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.StaffOrg.init), nextCursor: .init(page))))
        )
    }

    func staffSetPartner(_ input: Operations.StaffSetPartner.Input) async throws -> Operations.StaffSetPartner.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let org = try await req.services.staff.setPartner(
            try APIInput.id(input.path.orgId, "That organisation"), isPartner: body.isPartner, by: try req.userID)
        return .ok(.init(body: .json(.init(org))))
    }

    func staffListAudit(_ input: Operations.StaffListAudit.Input) async throws -> Operations.StaffListAudit.Output {
        let req = try APIRequest.request
        let (limit, cursor) = try APIInput.auditPage(
            try APIInput.page(limit: input.query.limit, cursor: input.query.cursor))
        // A mistyped filter must not silently widen the view to the whole platform.
        func parse(_ name: String, _ raw: String?) throws -> UUID? {
            guard let raw else { return nil }
            guard let value = UUID(uuidString: raw) else { throw DomainError.invalid(name, "is not valid") }
            return value
        }
        let org = try parse("orgId", input.query.orgId)
        let workspace = try parse("workspaceId", input.query.workspaceId)
        let events = try await req.services.staff.audit(
            org: org, workspace: workspace, limit: limit + 1, before: cursor, by: try req.userID)
        return .ok(.init(body: .json(.init(events: events, limit: limit))))
    }

    func previewWorkspaceTransfer(_ input: Operations.PreviewWorkspaceTransfer.Input) async throws
        -> Operations.PreviewWorkspaceTransfer.Output
    {
        let req = try APIRequest.request
        let keep = input.query.keepPartnerMembersAsExternal == ._true
        let preview = try await req.services.staff.transferPreview(
            try APIInput.id(input.path.id, "That workspace"), targetOrgID: input.query.targetOrgId,
            newOrgName: input.query.newOrgName, keepPartnerMembersAsExternal: keep, by: try req.userID)
        return .ok(.init(body: .json(.init(preview))))
    }

    func transferWorkspace(_ input: Operations.TransferWorkspace.Input) async throws
        -> Operations.TransferWorkspace.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let (workspace, org) = try await req.services.staff.transfer(
            try APIInput.id(input.path.id, "That workspace"), targetOrgID: body.targetOrgId,
            newOrgName: body.newOrgName, keepPartnerMembersAsExternal: body.keepPartnerMembersAsExternal,
            by: try req.userID)
        return .ok(.init(body: .json(.init(workspace: .init(workspace), orgId: org.description))))
    }

    func staffListReferralDeals(_ input: Operations.StaffListReferralDeals.Input) async throws
        -> Operations.StaffListReferralDeals.Output
    {
        let req = try APIRequest.request
        let deals = try await req.services.staff.deals(by: try req.userID)
        return .ok(.init(body: .json(.init(items: deals.map(Components.Schemas.ReferralDeal.init)))))
    }

    func staffCreateReferralDeal(_ input: Operations.StaffCreateReferralDeal.Input) async throws
        -> Operations.StaffCreateReferralDeal.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let deal = try await req.services.staff.createDeal(ReferralDealFields(body), by: try req.userID)
        return .created(.init(body: .json(.init(deal))))
    }

    func staffUpdateReferralDeal(_ input: Operations.StaffUpdateReferralDeal.Input) async throws
        -> Operations.StaffUpdateReferralDeal.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.UpdateReferralDealInput()
            }
        let deal = try await req.services.staff.updateDeal(
            try APIInput.uuid(input.path.dealId, "That deal"), ReferralDealFields(body), by: try req.userID)
        return .ok(.init(body: .json(.init(deal))))
    }

    func staffDeleteReferralDeal(_ input: Operations.StaffDeleteReferralDeal.Input) async throws
        -> Operations.StaffDeleteReferralDeal.Output
    {
        let req = try APIRequest.request
        try await req.services.staff.deleteDeal(try APIInput.uuid(input.path.dealId, "That deal"), by: try req.userID)
        return .noContent(.init())
    }
}
