/// A billing account's plan (NOTES §7), lowest first.
public enum Tier: String, CaseIterable, Codable, Sendable, Comparable {
    case free, innovator, changemaker, guardian

    public static func < (lhs: Tier, rhs: Tier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    public var displayName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }
}

public enum BillingPeriod: String, CaseIterable, Codable, Sendable {
    case yearly, monthly
}
