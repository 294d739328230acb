import StewardCore
import StewardStore
import Vapor

struct BillingAccountDTO: Content {
    var id: String
    var scope: String
    var orgId: String
    var tier: Tier
    var period: BillingPeriod
    var seatsUsed: Int
    var pendingSeats: Int
    var observers: Int
    var seatPriceCents: Int
    var workspaces: [StaffWorkspaceDTO]
    init(_ a: BillingAccountView) {
        id = a.id.uuidString.lowercased()
        scope = a.scope
        orgId = a.orgID.description
        tier = a.tier
        period = a.period
        seatsUsed = a.seats.seatsUsed
        pendingSeats = a.seats.pendingSeats
        observers = a.seats.observers
        seatPriceCents = a.seatPriceCents
        workspaces = a.workspaces.map { w in
            var dto = StaffWorkspaceDTO(w)
            dto.dataOwner = nil  // the billing view never carries the data-owner fields
            return dto
        }
    }
}

struct StatementDTO: Content {
    struct Line: Content {
        var kind: WorkspaceRole
        var seats: Int
        var unitCents: Int
        var amountCents: Int
    }
    var billingAccountId: String
    var month: String
    var tier: Tier
    var period: BillingPeriod
    var currency: String
    var lines: [Line]
    var freeObservers: Int
    var subtotalCents: Int
    var discountPercent: Double
    var discountCents: Int
    var totalCents: Int
    init(_ s: Statement, account: BillingAccountView) {
        billingAccountId = account.id.uuidString.lowercased()
        month = s.month.description
        tier = s.tier
        period = s.period
        currency = "EUR"
        lines = s.lines.map {
            Line(kind: $0.kind, seats: $0.seats, unitCents: $0.unitCents, amountCents: $0.amountCents)
        }
        freeObservers = s.freeObservers
        subtotalCents = s.subtotalCents
        discountPercent = s.discountPercent
        discountCents = s.discountCents
        totalCents = s.totalCents
    }
}

struct PeriodInput: Content { var period: String? }

struct UpgradeRequestInput: Content {
    var kind: String?
    var requestedTier: String?
    var workspaceName: String?
    var billingAccountId: String?
    var message: String?
}

struct UpgradeRequestDTO: Content {
    var id: String
    var orgId: String
    var billingAccountId: String
    var kind: String
    var requestedTier: Tier?
    var workspaceName: String?
    var message: String
    var requestedBy: UserDTO
    var status: String
    var createdAt: Date
    var createdWorkspaceId: String?
    init(_ r: UpgradeRequest) {
        id = r.id.uuidString.lowercased()
        orgId = r.orgID.description
        billingAccountId = r.billingAccountID.uuidString.lowercased()
        kind = r.kind
        requestedTier = r.requestedTier
        workspaceName = r.workspaceName
        message = r.message
        requestedBy = UserDTO(r.requester)
        status = r.status
        createdAt = r.createdAt
        createdWorkspaceId = r.createdWorkspaceID?.description
    }
}

struct BillingAPIController {
    func register(_ api: any RoutesBuilder) {
        api.get("billing-accounts", ":accountId", use: account)
        api.patch("billing-accounts", ":accountId", use: setPeriod)
        api.get("billing-accounts", ":accountId", "statement", use: statement)
        api.get("workspaces", ":id", "statement", use: workspaceStatement)
        api.get("orgs", ":orgId", "billing-accounts", use: orgAccounts)
        api.post("orgs", ":orgId", "upgrade-requests", use: requestUpgrade)
        api.get("orgs", ":orgId", "upgrade-requests", use: upgradeRequests)
        api.post("upgrade-requests", ":requestId", "approve", use: approveUpgrade)
        api.post("upgrade-requests", ":requestId", "deny", use: denyUpgrade)
    }

    func requestUpgrade(req: Request) async throws -> Response {
        let input = try req.input(UpgradeRequestInput.self)
        let (request, created) = try await req.services.billing.requestUpgrade(
            in: try req.id("orgId", "That organisation"), kind: input.kind, requestedTier: input.requestedTier,
            workspaceName: input.workspaceName, billingAccountID: input.billingAccountId, message: input.message,
            by: try req.userID)
        return try await UpgradeRequestDTO(request).encodeResponse(status: created ? .created : .ok, for: req)
    }

    func upgradeRequests(req: Request) async throws -> ItemsDTO<UpgradeRequestDTO> {
        let items = try await req.services.billing.upgradeRequests(
            in: try req.id("orgId", "That organisation"), by: try req.userID)
        return ItemsDTO(items: items.map(UpgradeRequestDTO.init))
    }

    private func requestID(_ req: Request) throws -> UUID {
        guard let raw = req.parameters.get("requestId"), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound("That request")
        }
        return id
    }

    func approveUpgrade(req: Request) async throws -> UpgradeRequestDTO {
        UpgradeRequestDTO(
            try await req.services.billing.decideUpgrade(try requestID(req), approve: true, by: try req.userID))
    }

    func denyUpgrade(req: Request) async throws -> UpgradeRequestDTO {
        UpgradeRequestDTO(
            try await req.services.billing.decideUpgrade(try requestID(req), approve: false, by: try req.userID))
    }

    private func accountID(_ req: Request) throws -> UUID {
        guard let raw = req.parameters.get("accountId"), let id = UUID(uuidString: raw) else {
            throw DomainError.notFound("That billing account")
        }
        return id
    }

    func account(req: Request) async throws -> BillingAccountDTO {
        BillingAccountDTO(try await req.services.billing.account(try accountID(req), by: try req.userID))
    }

    func setPeriod(req: Request) async throws -> BillingAccountDTO {
        let input = try req.input(PeriodInput.self)
        return BillingAccountDTO(
            try await req.services.billing.setPeriod(try accountID(req), period: input.period, by: try req.userID))
    }

    func statement(req: Request) async throws -> StatementDTO {
        let (statement, account) = try await req.services.billing.statement(
            try accountID(req), month: req.query[String.self, at: "month"], by: try req.userID)
        return StatementDTO(statement, account: account)
    }

    func workspaceStatement(req: Request) async throws -> StatementDTO {
        let (statement, account) = try await req.services.billing.statement(
            ofWorkspace: try req.id("id", "That workspace"), month: req.query[String.self, at: "month"],
            by: try req.userID)
        return StatementDTO(statement, account: account)
    }

    func orgAccounts(req: Request) async throws -> ItemsDTO<BillingAccountDTO> {
        let accounts = try await req.services.billing.accounts(
            ofOrg: try req.id("orgId", "That organisation"), by: try req.userID)
        return ItemsDTO(items: accounts.map(BillingAccountDTO.init))
    }
}
