import StewardAPI
import StewardCore
import StewardStore

extension Components.Schemas.BillingAccount {
    init(_ account: BillingAccountView) {
        self.init(
            id: account.id.uuidString.lowercased(), scope: account.scope.schema(), orgId: account.orgID.description,
            tier: account.tier.schema(), period: account.period.schema(), seatsUsed: account.seats.seatsUsed,
            pendingSeats: account.seats.pendingSeats, observers: account.seats.observers,
            seatPriceCents: account.seatPriceCents,
            // Built here rather than with the staff views' workspace init: the billing view never
            // carries the data-owner fields, even for staff.
            workspaces: account.workspaces.map { workspace in
                Components.Schemas.StaffWorkspace(
                    id: workspace.id.description, name: workspace.name, kind: workspace.kind.schema(),
                    billingAccountId: workspace.billingAccountID?.description)
            })
    }
}

extension Components.Schemas.Statement {
    init(_ statement: Statement, account: BillingAccountView) {
        self.init(
            billingAccountId: account.id.uuidString.lowercased(), month: statement.month.description,
            tier: statement.tier.schema(), period: statement.period.schema(), currency: .eur,
            lines: statement.lines.map { line in
                Components.Schemas.StatementLine(
                    kind: line.kind.schema(), seats: line.seats, unitCents: line.unitCents,
                    amountCents: line.amountCents)
            },
            freeObservers: statement.freeObservers, subtotalCents: statement.subtotalCents,
            discountPercent: statement.discountPercent, discountCents: statement.discountCents,
            totalCents: statement.totalCents)
    }
}

extension Components.Schemas.UpgradeRequest {
    init(_ request: UpgradeRequest) {
        self.init(
            id: request.id.uuidString.lowercased(), orgId: request.orgID.description,
            billingAccountId: request.billingAccountID.uuidString.lowercased(), kind: request.kind.schema(),
            requestedTier: request.requestedTier?.schema(), workspaceName: request.workspaceName,
            message: request.message, requestedBy: .init(request.requester), status: request.status.schema(),
            createdAt: request.createdAt, createdWorkspaceId: request.createdWorkspaceID?.description)
    }
}
