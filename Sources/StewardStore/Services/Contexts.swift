import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// Who is asking, about which organisation, and with what standing.
public struct OrgContext: Sendable {
    public let org: Organisation
    public let role: OrgRole
    public let tier: Tier
    public let user: User
    public func can(_ capability: OrgCapability) -> Bool { Access.can(role, capability) }
}

/// Who is asking, about which workspace, and with what standing.
public struct WorkspaceContext: Sendable {
    public let workspace: Workspace
    public let org: Organisation
    public let orgRole: OrgRole?
    public let access: WorkspaceAccess
    public let tier: Tier
    public let user: User

    public var role: WorkspaceRole { access.role }
    public func can(_ capability: WorkspaceCapability) -> Bool { Access.can(role, capability, tier: tier) }
    public func decide(_ capability: WorkspaceCapability) -> AccessDecision {
        Access.decide(role, capability, tier: tier)
    }
    public func require(_ capability: WorkspaceCapability) throws(DomainError) {
        try Access.require(role, capability, tier: tier)
    }
}

/// Loading helpers shared by the services.
/// One address's result in a bulk add (NOTES §5: each address has its own outcome or error).
public struct AddResult: Sendable {
    public var email: String
    public var outcome: AddOutcome?
    public var error: DomainError?
    /// The pending invite, for the `invited` outcome.
    public var inviteID: UUID?

    public init(email: String, outcome: AddOutcome?, error: DomainError?, inviteID: UUID? = nil) {
        self.email = email
        self.outcome = outcome
        self.error = error
        self.inviteID = inviteID
    }
}

/// Parses the raw address list of a bulk add: split on commas, spaces and newlines, at most 50.
enum AddressList {
    static let maximum = 50

    static func parse(_ raw: [String]) throws(DomainError) -> [String] {
        // "\r\n" is one Character in Swift, so separators are matched by kind, not by listing them.
        let parts = raw.flatMap {
            $0.split(whereSeparator: { $0.isWhitespace || $0 == "," || $0 == ";" }).map(String.init)
        }
        var seen = Set<String>()
        let unique = parts.filter { seen.insert($0.lowercased()).inserted }
        if unique.isEmpty { throw DomainError.invalid("emails", "enter at least one email address") }
        if unique.count > maximum {
            throw DomainError.invalid("emails", "at most \(maximum) addresses at a time (got \(unique.count))")
        }
        return unique
    }
}

extension DomainError {
    static func invalidAddress(_ raw: String) -> DomainError {
        DomainError(.unprocessable, code: "invalid_email", detail: "“\(raw)” is not a valid email address.")
    }
}
