import FluentKit
import Foundation
import StewardCore

/// The public participant portal of a project: its branding and the contributions it takes.
extension PartnerService {
    // MARK: Participant portal

    public func portal(_ id: ProjectID) async throws -> PortalProject {
        guard let row = try await ProjectRow.find(id.uuid, on: db),
            let ws = try await WorkspaceRow.find(row.workspaceID, on: db),
            let org = try await Load.org(ws.orgID, on: db)
        else { throw DomainError.notFound("That project") }
        let tier = try await Load.tier(ofAccount: ws.billingAccountID, on: db)
        let brand = try await brand(ws.value, tier: tier)
        return PortalProject(
            project: row.value, workspaceName: ws.name, showsClientLogo: brand?.isClient ?? false,
            showsLogo: brand != nil, brandName: brand?.isClient == true ? (ws.clientOrgName ?? ws.name) : org.name)
    }

    public func portalLogo(_ id: ProjectID) async throws -> Logo? {
        guard let row = try await ProjectRow.find(id.uuid, on: db),
            let ws = try await WorkspaceRow.find(row.workspaceID, on: db)
        else { throw DomainError.notFound("That project") }
        return try await shownLogo(ws.value, tier: try await Load.tier(ofAccount: ws.billingAccountID, on: db))
    }

    /// A participant's contribution through the public portal; throttled per client address.
    public func contribute(to id: ProjectID, participantName: String?, text: String?, clientKey: String) async throws
        -> Conversation
    {
        guard try await ProjectRow.find(id.uuid, on: db) != nil else { throw DomainError.notFound("That project") }
        let key = "portal:\(id):\(clientKey)"
        try await limiter.take(
            key, env.rateLimits.portalContributionsPerClient,
            detail: "Thank you! You have sent a lot just now; please try again later.")
        do {
            return try await WorkService(db: db, env: env).insertConversation(
                id, participantName: participantName, text: text, source: "portal", by: nil)
        } catch {
            try await limiter.giveBack(key)  // an invalid contribution does not count
            throw error
        }
    }
}
