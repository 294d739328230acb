import Foundation

/// What the services report as it happens, for the operator's metrics. Only fixed words and
/// counts: never an address, a name, an id or a token, so nothing personal can reach a metric.
public enum ServiceEvent: Sendable, Equatable {
    /// A sign-in (password or second step) refused; `reason` is the problem code it answered.
    case signInFailed(reason: String)
    /// A request refused by a rate limit; `rule` is the limit's name (`signin:account`, ...).
    case rateLimited(rule: String)
    /// Invitation emails queued by one request (invites to people without a proven account).
    case invitesSent(count: Int)
}

/// Where the services send their events: the server's metrics, or nowhere.
public protocol ServiceEventSink: Sendable {
    func record(_ event: ServiceEvent)
}

/// The sink when nobody listens (the CLI, tests that do not look).
public struct IgnoredServiceEvents: ServiceEventSink {
    public init() {}
    public func record(_ event: ServiceEvent) {}
}

extension RateLimiter {
    /// The names a limit's key may start with. A key's tail holds an address, an account or an
    /// organisation, so only a name from this list ever leaves the limiter.
    static let ruleNames = [
        "signin:account", "signin:client", "register:client", "reset:address", "reset:client",
        "verify-email:account", "portal", "invite-org", "invite-inviter", "invite-address", "invite-inviter-address",
    ]

    static func ruleName(ofKey key: String) -> String {
        ruleNames.first { key.hasPrefix($0 + ":") } ?? "other"
    }
}
