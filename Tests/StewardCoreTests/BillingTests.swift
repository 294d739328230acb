import Foundation
import Testing

@testable import StewardCore

@Suite("Pricing and metering")
struct BillingTests {
    @Test(
        "seat prices: the yearly rate, and 15% more paying monthly",
        arguments: [
            (Tier.free, BillingPeriod.yearly, 0), (.free, .monthly, 0), (.innovator, .yearly, 2_000),
            (.innovator, .monthly, 2_300), (.changemaker, .yearly, 7_500), (.changemaker, .monthly, 8_625),
            (.guardian, .yearly, 15_000), (.guardian, .monthly, 17_250),
        ])
    func prices(tier: Tier, period: BillingPeriod, cents: Int) {
        #expect(Pricing.seatPriceCents(tier, period: period) == cents)
    }

    @Test("percentages round half up to the cent; euros print with two decimals")
    func rounding() {
        #expect(Pricing.percentOf(8_625, percent: 15) == 1_294)  // 1293.75
        #expect(Pricing.percentOf(1_001, percent: 50) == 501)  // 500.5
        #expect(Pricing.percentOf(999, percent: 12.5) == 125)  // 124.875
        #expect(Pricing.percentOf(10_000, percent: 0) == 0)
        #expect(Pricing.euros(11_500) == "€115.00")
        #expect(Pricing.euros(5) == "€0.05")
        #expect(Pricing.euros(-1_294) == "-€12.94")
    }

    @Test("months parse as YYYY-MM and span UTC calendar months")
    func months() throws {
        let m = try #require(BillingMonth("2026-02"))
        #expect(m.description == "2026-02")
        #expect(m.end.timeIntervalSince(m.start) == 28 * 86_400)
        #expect(m.previous.description == "2026-01")
        for bad in ["2026-13", "26-01", "2026-1", "x", "2026-00"] { #expect(BillingMonth(bad) == nil) }
    }

    static func date(_ s: String) -> Date { ISO8601DateFormatter().date(from: s)! }

    @Test("a seat held at any moment of a month counts once, at the highest paid role; observers are free")
    func metering() throws {
        let month = try #require(BillingMonth("2026-03"))
        let periods = [
            // Ana: member all month, admin for a week, in two workspaces: one seat, as admin.
            SeatPeriod(person: "ana", role: .member, start: Self.date("2026-01-01T00:00:00Z"), end: nil),
            SeatPeriod(
                person: "ana", role: .admin, start: Self.date("2026-03-10T00:00:00Z"),
                end: Self.date("2026-03-17T00:00:00Z")),
            // Bo left on 2 March: still counts for March, not April.
            SeatPeriod(
                person: "bo", role: .external, start: Self.date("2026-02-01T00:00:00Z"),
                end: Self.date("2026-03-02T00:00:00Z")),
            // Cy joined on 31 March at 23:00.
            SeatPeriod(person: "cy", role: .billing, start: Self.date("2026-03-31T23:00:00Z"), end: nil),
            // Di left exactly when March began: not counted.
            SeatPeriod(
                person: "di", role: .member, start: Self.date("2026-01-01T00:00:00Z"),
                end: Self.date("2026-03-01T00:00:00Z")),
            // Ed observed all month, Fi observed then became external.
            SeatPeriod(person: "ed", role: .observer, start: Self.date("2026-01-01T00:00:00Z"), end: nil),
            SeatPeriod(
                person: "fi", role: .observer, start: Self.date("2026-01-01T00:00:00Z"),
                end: Self.date("2026-03-20T00:00:00Z")),
            SeatPeriod(person: "fi", role: .external, start: Self.date("2026-03-20T00:00:00Z"), end: nil),
        ]
        let (paid, observers) = Metering.seatHolders(periods, in: month)
        #expect(paid == ["ana": .admin, "bo": .external, "cy": .billing, "fi": .external])
        #expect(observers == ["ed"])
        let april = Metering.seatHolders(periods, in: try #require(BillingMonth("2026-04")))
        #expect(Set(april.paid.keys) == ["ana", "cy", "fi"])

        let statement = Metering.statement(
            periods: periods, month: month, tier: .changemaker, period: .monthly, discountPercent: 15)
        #expect(statement.lines.map(\.kind) == [.admin, .billing, .external])
        #expect(statement.lines.map(\.seats) == [1, 1, 2])
        #expect(statement.seats == 4)
        #expect(statement.subtotalCents == 4 * 8_625)
        #expect(statement.discountCents == 5_175)  // 15% of 345.00
        #expect(statement.totalCents == 34_500 - 5_175)
        #expect(statement.freeObservers == 1)
    }

    @Test("an empty month is an empty statement")
    func empty() throws {
        let s = Metering.statement(
            periods: [], month: try #require(BillingMonth("2026-01")), tier: .guardian, period: .yearly,
            discountPercent: 10)
        #expect(s.lines.isEmpty && s.totalCents == 0 && s.discountCents == 0)
    }
}
