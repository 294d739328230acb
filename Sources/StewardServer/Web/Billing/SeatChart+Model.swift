import Foundation
import StewardCore
import StewardStore

/// Seats per month as a bar chart drawn on the server (an SVG in the page, no script), with the
/// same numbers as a table for screen readers.
struct SeatChartVM: Encodable, Equatable {
    struct Bar: Encodable, Equatable {
        var x: String
        var y: String
        var width: String
        var height: String
        /// Under the bar: "Dec".
        var label: String
        var labelX: String
        /// Above the bar, for a month with seats.
        var valueY: String
        var seats: Int
        var month: String
        var isCurrent: Bool
    }

    struct Tick: Encodable, Equatable {
        var y: String
        var value: Int
    }

    struct Row: Encodable, Equatable {
        var month: String
        var seats: Int
    }

    static let width = 640.0
    static let height = 220.0
    static let left = 40.0
    static let right = 8.0
    static let top = 18.0
    static let bottom = 26.0

    var bars: [Bar]
    var ticks: [Tick]
    var rows: [Row]
    var summary: String
    var viewBox: String
    var gridStart: String
    var gridEnd: String
    var labelY: String

    init(_ history: [MonthSeats]) {
        let most = history.map(\.seats).max() ?? 0
        let step = Self.step(for: most)
        let ceiling = max(step, Int((Double(most) / Double(step)).rounded(.up)) * step)
        let plotHeight = Self.height - Self.top - Self.bottom
        let slot = (Self.width - Self.left - Self.right) / Double(max(history.count, 1))
        func y(_ value: Int) -> Double { Self.top + plotHeight * (1 - Double(value) / Double(ceiling)) }
        bars = history.enumerated().map { index, entry in
            let x = Self.left + slot * Double(index) + slot * 0.18
            let top = y(entry.seats)
            return Bar(
                x: Self.number(x), y: Self.number(top), width: Self.number(slot * 0.64),
                height: Self.number(Self.top + plotHeight - top), label: Self.shortMonth(entry.month),
                labelX: Self.number(x + slot * 0.32), valueY: Self.number(top - 5), seats: entry.seats,
                month: BillingWebController.monthLabel(entry.month), isCurrent: index == history.count - 1)
        }
        ticks = stride(from: 0, through: ceiling, by: step).map { Tick(y: Self.number(y($0)), value: $0) }
        rows = history.map { Row(month: BillingWebController.monthLabel($0.month), seats: $0.seats) }
        viewBox = "0 0 \(Int(Self.width)) \(Int(Self.height))"
        gridStart = Self.number(Self.left)
        gridEnd = Self.number(Self.width - Self.right)
        labelY = Self.number(Self.height - 8)
        summary = Self.summary(history)
    }

    /// A step of 1, 2 or 5 times a power of ten that gives at most five gridlines.
    static func step(for most: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where most <= factor * magnitude * 4 { return factor * magnitude }
            magnitude *= 10
        }
    }

    static func summary(_ history: [MonthSeats]) -> String {
        guard let first = history.first, let last = history.last else { return "No seat history yet." }
        let peak = history.max { $0.seats < $1.seats } ?? last
        let range =
            "Paid seats per month from \(BillingWebController.monthLabel(first.month)) to "
            + "\(BillingWebController.monthLabel(last.month)): \(last.seats) this month"
        guard peak.seats > last.seats else { return range + ", as many as in any month before." }
        return range + ", the most \(peak.seats) in \(BillingWebController.monthLabel(peak.month))."
    }

    private static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func shortMonth(_ month: BillingMonth) -> String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][month.month - 1]
    }
}
