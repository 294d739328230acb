import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Billing accounts: read one or an organisation's, switch the period, monthly statements (of an
/// account or of the account a workspace bills to), and staff changing an account's tier.
extension APIHandlers {
    func getBillingAccount(_ input: Operations.GetBillingAccount.Input) async throws
        -> Operations.GetBillingAccount.Output
    {
        let req = try APIRequest.request
        let account = try await req.services.billing.account(
            try APIInput.uuid(input.path.accountId, "That billing account"), by: try req.userID)
        return .ok(.init(body: .json(.init(account))))
    }

    func setBillingPeriod(_ input: Operations.SetBillingPeriod.Input) async throws
        -> Operations.SetBillingPeriod.Output
    {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let account = try await req.services.billing.setPeriod(
            try APIInput.uuid(input.path.accountId, "That billing account"), period: body.period.rawValue,
            by: try req.userID)
        return .ok(.init(body: .json(.init(account))))
    }

    func getBillingStatement(_ input: Operations.GetBillingStatement.Input) async throws
        -> Operations.GetBillingStatement.Output
    {
        let req = try APIRequest.request
        let (statement, account) = try await req.services.billing.statement(
            try APIInput.uuid(input.path.accountId, "That billing account"), month: input.query.month,
            by: try req.userID)
        return .ok(.init(body: .json(.init(statement, account: account))))
    }

    func getWorkspaceStatement(_ input: Operations.GetWorkspaceStatement.Input) async throws
        -> Operations.GetWorkspaceStatement.Output
    {
        let req = try APIRequest.request
        let (statement, account) = try await req.services.billing.statement(
            ofWorkspace: try APIInput.id(input.path.id, "That workspace"), month: input.query.month,
            by: try req.userID)
        return .ok(.init(body: .json(.init(statement, account: account))))
    }

    func listOrgBillingAccounts(_ input: Operations.ListOrgBillingAccounts.Input) async throws
        -> Operations.ListOrgBillingAccounts.Output
    {
        let req = try APIRequest.request
        let accounts = try await req.services.billing.accounts(
            ofOrg: try APIInput.id(input.path.orgId, "That organisation"), by: try req.userID)
        return .ok(.init(body: .json(.init(items: accounts.map(Components.Schemas.BillingAccount.init)))))
    }

    /// Staff only: `OperationGuard` has already answered 404 to everyone else.
    func staffSetTier(_ input: Operations.StaffSetTier.Input) async throws -> Operations.StaffSetTier.Output {
        let req = try APIRequest.request
        let body =
            switch input.body {
            case .json(let body): body
            }
        let id = try APIInput.uuid(input.path.accountId, "That billing account")
        let (tier, affected) = try await req.services.staff.setTier(
            id, tier: body.tier.rawValue, reason: body.reason, by: try req.userID)
        let change = Components.Schemas.TierChange(
            id: id.uuidString.lowercased(), tier: tier.schema(), workspacesAffected: affected)
        return .ok(.init(body: .json(change)))
    }
}
