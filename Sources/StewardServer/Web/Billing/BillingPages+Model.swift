import StewardCore
import StewardStore
import Vapor

/// The billing pages' view models.
extension BillingWebController {
    struct AccountVM: Encodable {
        var id: String
        var path: String
        var isPooled: Bool
        /// "Shared by 2 internal workspaces of Acme" or "This external-client workspace's own account".
        var sharing: String
        var orgName: String
        var workspaceNames: [String]
        var tier: String
        var isMonthly: Bool
        var period: String
        var seatPrice: String
        var seatsUsed: Int
        var pendingSeats: Int
        var observers: Int
        var canManage: Bool
        /// The period form: where it posts, and what the other period would cost.
        var periodPath: String
        var otherPeriod: String
        var otherPeriodLabel: String
        var otherSeatPrice: String
        var otherMonthlyTotal: String
        var currentMonthlyTotal: String

        init(_ a: BillingAccountView, workspaceLabel: String? = nil) {
            id = a.id.uuidString.lowercased()
            path = Paths.billingAccount(a.id)
            isPooled = a.scope == "org"
            let count = a.workspaces.count
            if isPooled {
                sharing =
                    "Shared by \(count) internal workspace\(count == 1 ? "" : "s") of \(a.orgName)"
            } else {
                sharing =
                    workspaceLabel.map { "The own account of the external-client workspace “\($0)”" }
                    ?? "This external-client workspace's own account"
            }
            orgName = a.orgName
            workspaceNames = isPooled ? [] : a.workspaces.map(\.name)
            tier = a.tier.displayName
            isMonthly = a.period == .monthly
            period = isMonthly ? "Monthly (15% more than yearly)" : "Yearly"
            seatPrice = Pricing.euros(a.seatPriceCents)
            seatsUsed = a.seats.seatsUsed
            pendingSeats = a.seats.pendingSeats
            observers = a.seats.observers
            canManage = a.canManage
            periodPath = Paths.billingAccountPeriod(a.id)
            let other: BillingPeriod = isMonthly ? .yearly : .monthly
            let otherCents = Pricing.seatPriceCents(a.tier, period: other)
            otherPeriod = other.rawValue
            otherPeriodLabel = isMonthly ? "yearly" : "monthly"
            otherSeatPrice = Pricing.euros(otherCents)
            otherMonthlyTotal = Pricing.euros(otherCents * a.seats.seatsUsed)
            currentMonthlyTotal = Pricing.euros(a.seatPriceCents * a.seats.seatsUsed)
        }
    }

    struct StatementVM: Encodable {
        struct LineVM: Encodable {
            var kind: String
            var seats: Int
            var unit: String
            var amount: String
        }
        var month: String
        var monthLabel: String
        /// Where the month form sends its GET.
        var formPath: String
        var tier: String
        var period: String
        var lines: [LineVM]
        var seats: Int
        var freeObservers: Int
        var subtotal: String
        var hasDiscount: Bool
        var discountPercent: String
        var discount: String
        var total: String
        var csvPath: String
        var printPath: String

        init(_ s: Statement, account: BillingAccountView, formPath: String, workspace: WorkspaceID? = nil) {
            month = s.month.description
            monthLabel = BillingWebController.monthLabel(s.month)
            self.formPath = formPath
            tier = s.tier.displayName
            period = s.period == .monthly ? "monthly" : "yearly"
            lines = s.lines.map {
                LineVM(
                    kind: $0.kind.rawValue.capitalized, seats: $0.seats, unit: Pricing.euros($0.unitCents),
                    amount: Pricing.euros($0.amountCents))
            }
            seats = s.seats
            freeObservers = s.freeObservers
            subtotal = Pricing.euros(s.subtotalCents)
            hasDiscount = s.discountPercent > 0 && s.discountCents != 0
            discountPercent = PartnerWebController.DealRowVM.percent(s.discountPercent)
            discount = Pricing.euros(-s.discountCents)
            total = Pricing.euros(s.totalCents)
            csvPath = Paths.statementCSV(account.id, month: month, workspace: workspace)
            printPath = Paths.statementPrint(account.id, month: month, workspace: workspace)
        }
    }

    struct BillingPageVM: Encodable {
        /// The workspace header, on a workspace's billing page.
        var tabs: WorkspaceTabsVM?
        var heading: String
        /// Back to the organisation's billing page, when the person may see it.
        var orgBillingPath: String?
        var account: AccountVM
        var usage: UsageVM?
        var statement: StatementVM?
        /// Where the period form returns to.
        var back: String
        var upgrade: UpgradeFormVM?
        var seatChart: SeatChartVM?
    }

    /// "Ask for more": a higher tier or a new workspace, for people who don't decide themselves.
    struct UpgradeFormVM: Encodable {
        var requestPath: String
        var billingAccountId: String
        var tierOptions: [RoleOptionVM]
        var back: String
        var mine: [UpgradeRowVM]
    }

    struct UpgradeRowVM: Encodable {
        var summary: String
        var requester: String
        var message: String
        var status: String
        var created: String
        var approvePath: String
        var denyPath: String
    }

    struct OrgBillingVM: Encodable {
        var name: String
        var orgPath: String
        var accounts: [AccountVM]
        var requests: [UpgradeRowVM]
        var canDecide: Bool
        var back: String
    }

    struct PrintVM: Encodable {
        var orgName: String
        var account: AccountVM
        var statement: StatementVM
        var backPath: String
        var issued: String
    }
}
