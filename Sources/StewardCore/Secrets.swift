/// Random tokens and their stored digests; injected so tests can make them predictable.
public protocol TokenSource: Sendable {
    /// A fresh URL-safe random token (at least 256 bits).
    func newToken() -> String
    /// The digest stored in place of the token (SHA-256, hex).
    func digest(_ token: String) -> String
    /// Random bytes for secrets that are not tokens (two-factor secrets, recovery codes).
    func randomBytes(count: Int) -> [UInt8]
}

extension TokenSource {
    public func randomBytes(count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// Password hashing (bcrypt in the server); injected so the pure layers stay dependency-free.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) -> Bool
}

/// Limits of NOTES §11, configurable; `enabled == false` only for test environments.
public struct RateLimitPolicy: Sendable, Equatable {
    public struct Limit: Sendable, Equatable {
        public var count: Int
        public var windowSeconds: Int
        public init(count: Int, windowSeconds: Int) {
            self.count = count
            self.windowSeconds = windowSeconds
        }
    }
    public var enabled: Bool
    public var failedSignInsPerAccount: Limit
    public var failedSignInsPerClient: Limit
    public var registrationsPerClient: Limit
    /// Verification emails an account may ask for (re-sends and address changes).
    public var verificationEmailsPerAccount: Limit
    /// Reset emails per address; over it the request still answers 202 and sends nothing.
    public var passwordResetsPerAddress: Limit
    public var passwordResetsPerClient: Limit
    /// Invite-like emails to one address per day, per organisation and per inviting account (NOTES §5).
    public var invitesPerAddress: Limit
    /// Invite-like emails per day, per organisation and per inviting account.
    public var invitesPerDay: Limit
    /// Contributions through a project's public portal per client address.
    public var portalContributionsPerClient: Limit

    public init(
        enabled: Bool = true, failedSignInsPerAccount: Limit = .init(count: 5, windowSeconds: 900),
        failedSignInsPerClient: Limit = .init(count: 20, windowSeconds: 900),
        registrationsPerClient: Limit = .init(count: 10, windowSeconds: 3600),
        verificationEmailsPerAccount: Limit = .init(count: 3, windowSeconds: 3600),
        passwordResetsPerAddress: Limit = .init(count: 3, windowSeconds: 3600),
        passwordResetsPerClient: Limit = .init(count: 20, windowSeconds: 3600),
        invitesPerAddress: Limit = .init(count: InvitePolicy.perAddressPerDay, windowSeconds: 86_400),
        invitesPerDay: Limit = .init(count: InvitePolicy.perOrganisationPerDay, windowSeconds: 86_400),
        portalContributionsPerClient: Limit = .init(count: 30, windowSeconds: 3600)
    ) {
        self.enabled = enabled
        self.failedSignInsPerAccount = failedSignInsPerAccount
        self.failedSignInsPerClient = failedSignInsPerClient
        self.registrationsPerClient = registrationsPerClient
        self.verificationEmailsPerAccount = verificationEmailsPerAccount
        self.passwordResetsPerAddress = passwordResetsPerAddress
        self.passwordResetsPerClient = passwordResetsPerClient
        self.invitesPerAddress = invitesPerAddress
        self.invitesPerDay = invitesPerDay
        self.portalContributionsPerClient = portalContributionsPerClient
    }
}
