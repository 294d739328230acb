import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Upgrade requests: members ask for a higher tier or a new workspace; the account's managers (or
/// staff) approve or deny.
extension APIHandlers {
    func requestUpgrade(_ input: Operations.RequestUpgrade.Input) async throws -> Operations.RequestUpgrade.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        // The document's two shapes, back into the one set of fields the service validates; each
        // shape leaves out the other's field, as the service ignores it for that kind.
        let fields: (kind: String, tier: String?, name: String?, account: String?, message: String?) =
            switch body {
            case .tier(let tier):
                (tier.kind.rawValue, tier.requestedTier.rawValue, nil, tier.billingAccountId, tier.message)
            case .workspace(let workspace):
                (workspace.kind.rawValue, nil, workspace.workspaceName, workspace.billingAccountId, workspace.message)
            }
        let (request, created) = try await req.services.billing.requestUpgrade(
            in: try APIInput.id(input.path.orgId, "That organisation"), kind: fields.kind,
            requestedTier: fields.tier, workspaceName: fields.name, billingAccountID: fields.account,
            message: fields.message, by: try req.userID)
        // The requester's own pending request of that kind for that account is answered again
        // (200), not made twice.
        let schema = Components.Schemas.UpgradeRequest(request)
        return created ? .created(.init(body: .json(schema))) : .ok(.init(body: .json(schema)))
    }

    func listUpgradeRequests(_ input: Operations.ListUpgradeRequests.Input) async throws
        -> Operations.ListUpgradeRequests.Output
    {
        let req = try APIRequest.request
        let items = try await req.services.billing.upgradeRequests(
            in: try APIInput.id(input.path.orgId, "That organisation"), by: try req.userID)
        return .ok(.init(body: .json(.init(items: items.map(Components.Schemas.UpgradeRequest.init)))))
    }

    func approveUpgradeRequest(_ input: Operations.ApproveUpgradeRequest.Input) async throws
        -> Operations.ApproveUpgradeRequest.Output
    {
        let req = try APIRequest.request
        let request = try await req.services.billing.decideUpgrade(
            try APIInput.uuid(input.path.requestId, "That request"), approve: true, by: try req.userID)
        return .ok(.init(body: .json(.init(request))))
    }

    func denyUpgradeRequest(_ input: Operations.DenyUpgradeRequest.Input) async throws
        -> Operations.DenyUpgradeRequest.Output
    {
        let req = try APIRequest.request
        let request = try await req.services.billing.decideUpgrade(
            try APIInput.uuid(input.path.requestId, "That request"), approve: false, by: try req.userID)
        return .ok(.init(body: .json(.init(request))))
    }
}
