import Foundation

/// Prices of NOTES §7, in euro cents so sums never drift.
public enum Pricing {
    /// Per seat per month at the yearly rate.
    public static func yearlyRateCents(_ tier: Tier) -> Int {
        switch tier {
        case .free: 0
        case .innovator: 2_000
        case .changemaker: 7_500
        case .guardian: 15_000
        }
    }

    /// Paying monthly costs 15% more.
    public static func seatPriceCents(_ tier: Tier, period: BillingPeriod) -> Int {
        let yearly = yearlyRateCents(tier)
        return period == .yearly ? yearly : roundHalfUp(Decimal(yearly) * 115 / 100)
    }

    /// `percent` of `cents`, rounded half up to a whole cent.
    public static func percentOf(_ cents: Int, percent: Double) -> Int {
        roundHalfUp(Decimal(cents) * Decimal(percent) / 100)
    }

    static func roundHalfUp(_ value: Decimal) -> Int {
        var input = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &input, 0, .plain)
        return NSDecimalNumber(decimal: rounded).intValue
    }

    public static func euros(_ cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let absolute = abs(cents)
        return "\(sign)€\(absolute / 100).\(String(format: "%02d", absolute % 100))"
    }
}

/// A calendar month, UTC.
public struct BillingMonth: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(year: Int, month: Int) {
        guard (2000...2999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// Parses `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(year: y, month: m)
    }

    public init(containing date: Date) {
        let c = Self.calendar.dateComponents([.year, .month], from: date)
        year = c.year!
        month = c.month!
    }

    public var description: String { String(format: "%04d-%02d", year, month) }
    public var start: Date { Self.calendar.date(from: DateComponents(year: year, month: month, day: 1))! }
    public var end: Date { Self.calendar.date(byAdding: .month, value: 1, to: start)! }
    public var previous: BillingMonth { BillingMonth(containing: start.addingTimeInterval(-1)) }

    /// `count` consecutive months ending with `last`, oldest first.
    public static func last(_ count: Int, endingWith last: BillingMonth) -> [BillingMonth] {
        var months: [BillingMonth] = []
        var month = last
        for _ in 0..<max(count, 0) {
            months.append(month)
            month = month.previous
        }
        return months.reversed()
    }

    public static func < (a: BillingMonth, b: BillingMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }

    static let calendar: Calendar = {
        var c = Calendar(identifier: .gregorian)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()
}

/// One stretch of time a person held a role in one of an account's workspaces.
public struct SeatPeriod: Equatable, Sendable {
    public var person: String
    public var role: WorkspaceRole
    public var start: Date
    /// nil: still held.
    public var end: Date?
    public init(person: String, role: WorkspaceRole, start: Date, end: Date?) {
        self.person = person
        self.role = role
        self.start = start
        self.end = end
    }

    func overlaps(_ month: BillingMonth) -> Bool {
        start < month.end && (end.map { $0 > month.start } ?? true)
    }
}

/// A monthly statement of one billing account (NOTES §7).
public struct Statement: Equatable, Sendable {
    public struct Line: Equatable, Sendable {
        public var kind: WorkspaceRole
        public var seats: Int
        public var unitCents: Int
        public var amountCents: Int
    }
    public var month: BillingMonth
    public var tier: Tier
    public var period: BillingPeriod
    public var lines: [Line]
    /// People who held only the free observer role during the month.
    public var freeObservers: Int
    public var subtotalCents: Int
    public var discountPercent: Double
    public var discountCents: Int
    public var totalCents: Int

    public var seats: Int { lines.reduce(0) { $0 + $1.seats } }
}

public enum Metering {
    /// Seat-months: someone who held a paid seat at any moment of the month counts for that month,
    /// once per account, under the highest paid role they held in it. Statements for past months
    /// therefore stay the same after people leave.
    public static func seatHolders(_ periods: [SeatPeriod], in month: BillingMonth) -> (
        paid: [String: WorkspaceRole], observers: Set<String>
    ) {
        var paid: [String: WorkspaceRole] = [:]
        var observers = Set<String>()
        for p in periods where p.overlaps(month) {
            if p.role.takesSeat {
                if let held = paid[p.person], !p.role.isAbove(held) { continue }
                paid[p.person] = p.role
            } else {
                observers.insert(p.person)
            }
        }
        return (paid, observers.subtracting(paid.keys))
    }

    public static func statement(
        periods: [SeatPeriod], month: BillingMonth, tier: Tier, period: BillingPeriod, discountPercent: Double
    ) -> Statement {
        let (paid, observers) = seatHolders(periods, in: month)
        var counts: [WorkspaceRole: Int] = [:]
        for role in paid.values { counts[role, default: 0] += 1 }
        return statement(
            seatHolders: counts, freeObservers: observers.count, month: month, tier: tier, period: period,
            discountPercent: discountPercent)
    }

    /// The statement from the month's seat holders already counted by their highest paid role
    /// (the database aggregates them; `seatHolders(_:in:)` is the same rule over values).
    public static func statement(
        seatHolders counts: [WorkspaceRole: Int], freeObservers: Int, month: BillingMonth, tier: Tier,
        period: BillingPeriod, discountPercent: Double
    ) -> Statement {
        let unit = Pricing.seatPriceCents(tier, period: period)
        let lines = WorkspaceRole.allCases.reversed().compactMap { role -> Statement.Line? in
            guard let n = counts[role] else { return nil }
            return Statement.Line(kind: role, seats: n, unitCents: unit, amountCents: n * unit)
        }
        let subtotal = lines.reduce(0) { $0 + $1.amountCents }
        let discount = Pricing.percentOf(subtotal, percent: discountPercent)
        return Statement(
            month: month, tier: tier, period: period, lines: lines, freeObservers: freeObservers,
            subtotalCents: subtotal, discountPercent: discountPercent, discountCents: discount,
            totalCents: subtotal - discount)
    }
}
