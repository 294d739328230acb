import StewardCore
import StewardStore
import Vapor

struct PartnerAPIController {
    func register(_ api: any RoutesBuilder) {
        api.patch("workspaces", ":id", "data-owner", use: updateDataOwner)
        api.on(.PUT, "workspaces", ":id", "logo", body: .collect(maxSize: "2mb"), use: putLogo)
        api.get("workspaces", ":id", "logo", use: getLogo)
        api.delete("workspaces", ":id", "logo", use: deleteLogo)
        api.on(.PUT, "orgs", ":orgId", "logo", body: .collect(maxSize: "2mb"), use: putOrgLogo)
        api.get("orgs", ":orgId", "logo", use: getOrgLogo)
        api.delete("orgs", ":orgId", "logo", use: deleteOrgLogo)
        api.post("projects", ":id", "move", use: move)
        api.post("portal", ":projectId", "contributions", use: contribute)
        api.get("orgs", ":orgId", "referral-deals", use: partnerDeals)

        let staff = api.grouped("staff")
        staff.get("orgs", use: staffOrgs)
        staff.put("orgs", ":orgId", "partner", use: setPartner)
        staff.put("billing-accounts", ":accountId", "tier", use: setTier)
        staff.get("audit", use: staffAudit)
        staff.get("workspaces", ":id", "transfer-preview", use: transferPreview)
        staff.post("workspaces", ":id", "transfer", use: transfer)
        staff.get("referral-deals", use: deals)
        staff.post("referral-deals", use: createDeal)
        staff.patch("referral-deals", ":dealId", use: updateDeal)
        staff.delete("referral-deals", ":dealId", use: deleteDeal)
    }

    func updateDataOwner(req: Request) async throws -> WorkspaceDTO {
        let input = try req.input(DataOwnerInput.self)
        return WorkspaceDTO(
            try await req.services.partner.updateDataOwner(
                try req.id("id", "That workspace"), clientOrgName: input.clientOrgName,
                dataOwnerEmail: input.dataOwnerEmail, by: try req.userID))
    }

    func putLogo(req: Request) async throws -> Response {
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        let logo = try await req.services.partner.putLogo(
            try req.id("id", "That workspace"), bytes: bytes, by: try req.userID)
        return Self.image(logo)
    }

    func getLogo(req: Request) async throws -> Response {
        guard let logo = try await req.services.partner.logo(try req.id("id", "That workspace"), by: try req.userID)
        else {
            throw DomainError.notFound("A logo shown for this workspace")
        }
        return Self.image(logo)
    }

    static func image(_ logo: Logo) -> Response {
        let response = Response(status: .ok, body: .init(data: logo.data))
        response.headers.replaceOrAdd(name: .contentType, value: logo.contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=60")
        return response
    }

    func putOrgLogo(req: Request) async throws -> Response {
        let bytes = req.body.data.map { Array($0.readableBytesView) } ?? []
        return Self.image(
            try await req.services.partner.putOrgLogo(
                try req.id("orgId", "That organisation"), bytes: bytes, by: try req.userID))
    }

    func getOrgLogo(req: Request) async throws -> Response {
        guard
            let logo = try await req.services.partner.orgLogo(
                try req.id("orgId", "That organisation"), by: try req.userID)
        else { throw DomainError.notFound("A logo for this organisation") }
        return Self.image(logo)
    }

    func deleteOrgLogo(req: Request) async throws -> HTTPStatus {
        try await req.services.partner.deleteOrgLogo(try req.id("orgId", "That organisation"), by: try req.userID)
        return .noContent
    }

    func deleteLogo(req: Request) async throws -> HTTPStatus {
        try await req.services.partner.deleteLogo(try req.id("id", "That workspace"), by: try req.userID)
        return .noContent
    }

    func move(req: Request) async throws -> ProjectDTO {
        let input = try req.input(MoveInput.self)
        let target = try input.targetWorkspaceId.map { raw -> WorkspaceID in
            guard let id = WorkspaceID(raw) else {
                throw DomainError.invalid("targetWorkspaceId", "is not a workspace id")
            }
            return id
        }
        return ProjectDTO(
            try await req.services.partner.moveProject(try req.id("id", "That project"), to: target, by: try req.userID)
        )
    }

    func contribute(req: Request) async throws -> Response {
        let input = try req.input(ConversationInput.self)
        let conversation = try await req.services.partner.contribute(
            to: try req.id("projectId", "That project"), participantName: input.participantName, text: input.text,
            clientKey: req.clientKey)
        struct Receipt: Content {
            var id: String
            var projectId: String
            var createdAt: Date
        }
        return try await Receipt(
            id: conversation.id.description, projectId: conversation.projectID.description,
            createdAt: conversation.createdAt
        ).encodeResponse(status: .created, for: req)
    }

    func partnerDeals(req: Request) async throws -> ItemsDTO<ReferralDealDTO> {
        let deals = try await req.services.staff.deals(
            ofPartner: try req.id("orgId", "That organisation"), by: try req.userID)
        return ItemsDTO(items: deals.map(ReferralDealDTO.init))
    }

    // MARK: Staff

    func staffOrgs(req: Request) async throws -> ItemsDTO<StaffOrgDTO> {
        try await requireStaff(req)
        let orgs = try await req.services.staff.orgs(
            matching: req.query[String.self, at: "query"], page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(orgs, StaffOrgDTO.init)
    }

    func setPartner(req: Request) async throws -> StaffOrgDTO {
        try await requireStaff(req)
        let input = try req.input(PartnerFlagInput.self)
        return StaffOrgDTO(
            try await req.services.staff.setPartner(
                try req.id("orgId", "That organisation"), isPartner: input.isPartner, by: try req.userID))
    }

    func setTier(req: Request) async throws -> TierChangeDTO {
        try await requireStaff(req)
        let input = try req.input(TierInput.self)
        let id = try req.uuidParameter("accountId", "That billing account")
        let (tier, affected) = try await req.services.staff.setTier(
            id, tier: input.tier, reason: input.reason, by: try req.userID)
        return TierChangeDTO(id: id.uuidString.lowercased(), tier: tier, workspacesAffected: affected)
    }

    func staffAudit(req: Request) async throws -> ItemsDTO<AuditEventDTO> {
        try await requireStaff(req)
        let (limit, cursor) = try req.auditPageQuery()
        // A mistyped filter must not silently widen the view to the whole platform.
        func parse<T>(_ name: String, _ make: (String) -> T?) throws -> T? {
            guard let raw = req.query[String.self, at: name] else { return nil }
            guard let value = make(raw) else { throw DomainError.invalid(name, "is not valid") }
            return value
        }
        let org = try parse("orgId") { UUID(uuidString: $0) }
        let workspace = try parse("workspaceId") { UUID(uuidString: $0) }
        let events = try await req.services.staff.audit(
            org: org, workspace: workspace, limit: limit + 1, before: cursor, by: try req.userID)
        return ItemsDTO(auditEvents: events, limit: limit)
    }

    struct TransferPreviewDTO: Content {
        struct Blocker: Content {
            var code: String
            var detail: String
        }
        var newOwner: UserDTO
        /// The data owner proved their address; a handoff needs it (NOTES §12).
        var newOwnerEmailVerified: Bool
        var targetOrgName: String
        var removed: [UserDTO]
        var keptAsExternal: [UserDTO]
        /// Why the transfer would be refused as previewed; empty when it can go ahead.
        var blockers: [Blocker]
    }

    struct TransferInput: Content {
        var targetOrgId: String?
        var newOrgName: String?
        var keepPartnerMembersAsExternal: Bool?
    }

    struct TransferDTO: Content {
        var workspace: StaffWorkspaceDTO
        var orgId: String
    }

    func transferPreview(req: Request) async throws -> TransferPreviewDTO {
        try await requireStaff(req)
        let keep = req.query[String.self, at: "keepPartnerMembersAsExternal"].map { $0 == "true" }
        let preview = try await req.services.staff.transferPreview(
            try req.id("id", "That workspace"), targetOrgID: req.query[String.self, at: "targetOrgId"],
            newOrgName: req.query[String.self, at: "newOrgName"], keepPartnerMembersAsExternal: keep, by: try req.userID
        )
        return TransferPreviewDTO(
            newOwner: UserDTO(preview.newOwner), newOwnerEmailVerified: preview.newOwner.emailVerified,
            targetOrgName: preview.targetOrgName, removed: preview.removed.map(UserDTO.init),
            keptAsExternal: preview.keptAsExternal.map(UserDTO.init),
            blockers: preview.blockers.map { .init(code: $0.code, detail: $0.detail) })
    }

    func transfer(req: Request) async throws -> TransferDTO {
        try await requireStaff(req)
        let input = try req.input(TransferInput.self)
        let (workspace, org) = try await req.services.staff.transfer(
            try req.id("id", "That workspace"), targetOrgID: input.targetOrgId, newOrgName: input.newOrgName,
            keepPartnerMembersAsExternal: input.keepPartnerMembersAsExternal, by: try req.userID)
        return TransferDTO(workspace: StaffWorkspaceDTO(workspace), orgId: org.description)
    }

    func deals(req: Request) async throws -> ItemsDTO<ReferralDealDTO> {
        ItemsDTO(items: try await req.services.staff.deals(by: try req.userID).map(ReferralDealDTO.init))
    }

    func createDeal(req: Request) async throws -> Response {
        try await requireStaff(req)
        let input = try req.input(DealInput.self)
        return try await ReferralDealDTO(try await req.services.staff.createDeal(input.fields, by: try req.userID))
            .encodeResponse(status: .created, for: req)
    }

    func updateDeal(req: Request) async throws -> ReferralDealDTO {
        try await requireStaff(req)
        let input = try req.input(DealInput.self)
        return ReferralDealDTO(
            try await req.services.staff.updateDeal(
                try req.uuidParameter("dealId", "That deal"), input.fields, by: try req.userID))
    }

    func deleteDeal(req: Request) async throws -> HTTPStatus {
        try await req.services.staff.deleteDeal(try req.uuidParameter("dealId", "That deal"), by: try req.userID)
        return .noContent
    }

    /// Staff routes answer 404 to everyone else before they look at the body.
    private func requireStaff(_ req: Request) async throws {
        guard try await req.services.staff.isStaff(try req.userID) else { throw DomainError.notFound("That page") }
    }
}
