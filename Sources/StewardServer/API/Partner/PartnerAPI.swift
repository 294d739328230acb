import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// The partner program: a client workspace's data owner, moving projects between workspaces, a
/// partner's referral deals, and the organisation overview. Logos are in PartnerAPI+Logos.swift,
/// the staff console in PartnerAPI+Staff.swift.
extension APIHandlers {
    func updateDataOwner(_ input: Operations.UpdateDataOwner.Input) async throws -> Operations.UpdateDataOwner.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            case nil: Components.Schemas.UpdateDataOwnerInput()
            }
        let ctx = try await req.services.partner.updateDataOwner(
            try APIInput.id(input.path.id, "That workspace"), clientOrgName: body.clientOrgName,
            dataOwnerEmail: body.dataOwnerEmail, by: try req.userID)
        return .ok(.init(body: .json(.init(ctx))))
    }

    func moveProject(_ input: Operations.MoveProject.Input) async throws -> Operations.MoveProject.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        // A malformed id in the body is a 422 naming its field, not the path's 404.
        guard let target = WorkspaceID(body.targetWorkspaceId) else {
            throw DomainError.invalid("targetWorkspaceId", "is not a workspace id")
        }
        let project = try await req.services.partner.moveProject(
            try APIInput.id(input.path.id, "That project"), to: target, by: try req.userID)
        return .ok(.init(body: .json(.init(project))))
    }

    func listPartnerReferralDeals(_ input: Operations.ListPartnerReferralDeals.Input) async throws
        -> Operations.ListPartnerReferralDeals.Output
    {
        let req = try APIRequest.request
        let deals = try await req.services.staff.deals(
            ofPartner: try APIInput.id(input.path.orgId, "That organisation"), by: try req.userID)
        return .ok(.init(body: .json(.init(items: deals.map(Components.Schemas.ReferralDeal.init)))))
    }

    func getOrgOverview(_ input: Operations.GetOrgOverview.Input) async throws -> Operations.GetOrgOverview.Output {
        let req = try APIRequest.request
        let overview = try await req.services.access.overview(
            try APIInput.id(input.path.orgId, "That organisation"), by: try req.userID)
        return .ok(.init(body: .json(.init(overview))))
    }
}
