import FluentKit
import FluentSQL
import Foundation
import StewardCore

public enum TokenKind: String, Sendable {
    /// Bearer tokens for the JSON API.
    case api
    /// Web session cookies.
    case session
}

/// Who is signing in, as far as the server can tell: the address for throttles and notices, a
/// readable device name for the sessions list, and what identifies the device (a long-lived
/// cookie on pages, the User-Agent over the API) to notice a new one.
public struct SignInClient: Sendable {
    public var address: String
    public var device: String
    public var deviceKey: String
    public init(address: String, device: String, deviceKey: String) {
        self.address = address
        self.device = device
        self.deviceKey = deviceKey
    }
}

/// The end of a correct password: signed in, or (pages) a second step for two-factor.
public enum SignInResult: Sendable {
    case signedIn(User, token: String)
    /// The password was right and the account uses two-factor: the challenge token carries the
    /// sign-in to the code page.
    case secondFactor(challenge: String)
}

public struct AccountService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    var limiter: RateLimiter {
        RateLimiter(db: db, clock: env.clock, enabled: env.rateLimits.enabled, events: env.events)
    }

    /// Registers an account and signs it in; the address stays unverified until the emailed link
    /// (or an emailed invite) proves it. `sendVerification` is false when the caller is about to
    /// accept an emailed invitation, which proves the address by itself.
    public func register(
        email rawEmail: String?, password: String?, name: String?, client: SignInClient, tokenKind: TokenKind,
        sendVerification: Bool = true
    ) async throws -> (user: User, token: String) {
        var v = Validator()
        let email = v.email(rawEmail)
        let name = v.name(name, field: "name")
        let password = v.newPassword(password)
        try v.check()
        try await limiter.take(
            "register:client:\(client.address)", env.rateLimits.registrationsPerClient,
            detail: "Too many accounts were registered from your address. Try again later.")
        let user = try await db.transaction { tx in
            let user = try await AccountService(db: tx, env: env).createUser(
                email: email!, name: name, password: password, isStaff: false)
            if sendVerification {
                try await AccountService(db: tx, env: env).sendVerification(
                    to: user, address: user.email, isChange: false)
            }
            try await rememberDevice(client, user: user.id, on: tx)
            return user
        }
        let token = try await issueToken(for: user.id, kind: tokenKind, device: client.device)
        return (user, token)
    }

    /// Creates an account directly. The CLI's staff accounts and the demo data pass
    /// `verified: true`: an operator vouches for those addresses.
    public func createUser(email: EmailAddress, name: String, password: String, isStaff: Bool, verified: Bool = false)
        async throws -> User
    {
        if try await AccountQueries.user(withEmail: email, on: db) != nil { throw DomainError.emailTaken }
        let row = UserRow()
        row.email = email.value
        row.name = name
        row.passwordHash = try env.passwords.hash(password)
        row.isStaff = isStaff
        row.createdAt = env.clock.now()
        row.emailVerifiedAt = verified ? env.clock.now() : nil
        do {
            try await row.create(on: db)
        } catch  where error.isConstraintViolation {
            throw DomainError.emailTaken  // lost a race with a concurrent registration
        }
        return row.value
    }

    /// Checks the password (and, over the API, the `otp`). Pages pass `otpInBody: false` and get a
    /// challenge for their second step instead of `otp_required`.
    public func login(
        email rawEmail: String?, password: String?, otp: String?, client: SignInClient, tokenKind: TokenKind,
        otpInBody: Bool = true
    ) async throws -> SignInResult {
        var v = Validator()
        let email = v.email(rawEmail)
        if (password ?? "").isEmpty { v.fail("password", "is required") }
        try v.check()
        return try await countingSignInFailures {
            try await checkSignIn(
                email: email!, password: password!, otp: otp, client: client, tokenKind: tokenKind, otpInBody: otpInBody
            )
        }
    }

    private func checkSignIn(
        email: EmailAddress, password: String, otp: String?, client: SignInClient, tokenKind: TokenKind,
        otpInBody: Bool
    ) async throws -> SignInResult {
        let accountKey = "signin:account:\(email.value)"
        try await takeSignInAttempt(accountKey: accountKey, client: client)
        guard let row = try await AccountQueries.user(withEmail: email, on: db) else {
            // Unknown accounts cost a bcrypt round too, so timing does not tell who has an account.
            _ = try? env.passwords.hash(password)
            throw DomainError.invalidCredentials
        }
        guard env.passwords.verify(password, against: row.passwordHash) else { throw DomainError.invalidCredentials }
        if row.totpEnabledAt != nil {
            guard let otp, !otp.isEmpty else {
                // The password was right: only a wrong code counts as a failure.
                try await signInAttemptSucceeded(accountKey: accountKey, client: client)
                if otpInBody { throw DomainError.otpRequired }
                return .secondFactor(challenge: try await issueChallenge(for: row))
            }
            guard try await TwoFactorService(db: db, env: env).consume(code: otp, of: row) else {
                throw DomainError.invalidOTP
            }
        }
        try await signInAttemptSucceeded(accountKey: accountKey, client: client)
        let (user, token) = try await signedIn(row, client: client, tokenKind: tokenKind)
        return .signedIn(user, token: token)
    }

    /// Refusals a person at the sign-in form would see (wrong password or code, too many tries)
    /// are counted for the metrics by their problem code; a missing field is not a failure.
    func countingSignInFailures<T: Sendable>(_ attempt: () async throws -> T) async throws -> T {
        do { return try await attempt() } catch let error as DomainError {
            if ["invalid_credentials", "invalid_otp", "rate_limited"].contains(error.code) {
                env.events.record(.signInFailed(reason: error.code))
            }
            throw error
        }
    }

    /// Every attempt is counted (and checked) before the password is, in one step per key, so
    /// parallel wrong guesses cannot slip past the limit together (NOTES §11); an attempt that
    /// succeeds is taken back, which leaves the failures counted.
    func takeSignInAttempt(accountKey: String, client: SignInClient) async throws {
        let message = "Too many failed sign-ins. Wait a little and try again."
        try await limiter.take(accountKey, env.rateLimits.failedSignInsPerAccount, detail: message)
        do {
            try await limiter.take(
                "signin:client:\(client.address)", env.rateLimits.failedSignInsPerClient, detail: message)
        } catch {
            try await limiter.giveBack(accountKey)
            throw error
        }
    }

    func signInAttemptSucceeded(accountKey: String, client: SignInClient) async throws {
        try await limiter.reset(accountKey)
        try await limiter.giveBack("signin:client:\(client.address)")
    }

    /// A session or API token for someone who passed every factor, with the new-device notice.
    func signedIn(_ row: UserRow, client: SignInClient, tokenKind: TokenKind) async throws -> (
        user: User, token: String
    ) {
        let user = row.value
        let token = try await db.transaction { tx in
            if try await rememberDevice(client, user: user.id, on: tx) {
                try await Outbox.enqueue(
                    Emails.newSignIn(
                        to: user.email, name: user.name, device: client.device, clientAddress: client.address,
                        at: env.clock.now(), securityLink: env.link(.account(section: "sessions"))), on: tx,
                    now: env.clock.now())
            }
            return try await AccountService(db: tx, env: env).issueToken(
                for: user.id, kind: tokenKind, device: client.device)
        }
        return (user, token)
    }

    /// Records the device; true when the account has signed in before, but never from it.
    @discardableResult
    func rememberDevice(_ client: SignInClient, user: UserID, on tx: any Database) async throws -> Bool {
        let hash = env.tokens.digest("device:\(client.deviceKey)")
        let seen = try await AccountQueries.devicesSeen(of: user.uuid, deviceHash: hash, on: tx)
        if seen.thisDevice { return false }
        try await AccountQueries.rememberDevice(hash, of: user.uuid, at: env.clock.now(), on: tx)
        return seen.anyDevice
    }

    public func issueToken(
        for user: UserID, kind: TokenKind, name: String? = nil, device: String? = nil, lifetime: TimeInterval? = nil
    ) async throws -> String {
        try await issueTokenRow(for: user, kind: kind, name: name, device: device, lifetime: lifetime).token
    }

    func issueTokenRow(
        for user: UserID, kind: TokenKind, name: String?, device: String?, lifetime: TimeInterval?
    ) async throws -> (token: String, row: AuthTokenRow) {
        let token = env.tokens.newToken()
        let row = AuthTokenRow()
        row.userID = user.uuid
        row.tokenHash = env.tokens.digest(token)
        row.kind = kind.rawValue
        row.name = name
        row.device = device
        row.createdAt = env.clock.now()
        row.lastUsedAt = env.clock.now()
        row.expiresAt = env.clock.now().addingTimeInterval(lifetime ?? env.sessionLifetime)
        try await row.create(on: db)
        return (token, row)
    }

    /// The account a live token belongs to, or nil.
    public func authenticate(token: String, kind: TokenKind) async throws -> User? {
        guard !token.isEmpty, token.count <= 200 else { return nil }
        let now = env.clock.now()
        guard
            let live = try await AccountQueries.liveToken(
                hash: env.tokens.digest(token), kind: kind, now: now, on: db)
        else { return nil }
        // "Last used" is kept to the minute or so: a write per request would cost more than the read.
        if live.lastUsedAt.map({ now.timeIntervalSince($0) > 300 }) ?? true {
            try await AccountQueries.markTokenUsed(live.tokenID, at: now, on: db)
        }
        return live.user
    }

    public func logout(token: String) async throws {
        try await AccountQueries.revokeToken(hash: env.tokens.digest(token), on: db)
    }

    public func user(byEmail email: EmailAddress) async throws -> User? {
        try await AccountQueries.user(withEmail: email, on: db)?.value
    }

    public func user(_ id: UserID) async throws -> User { try await Load.user(id, on: db).value }

    /// Vouches for an address an operator controls (demo accounts); no-op once verified.
    public func markVerified(_ email: EmailAddress) async throws {
        try await AccountQueries.markVerified(email, at: env.clock.now(), on: db)
    }
}

extension DomainError {
    public static let emailTaken = DomainError(
        .conflict, code: "email_taken", detail: "An account with this email already exists. Sign in instead.",
        fieldErrors: [.init(field: "email", message: "is already registered")])

    public static let invalidCredentials = DomainError(
        .unauthorized, code: "invalid_credentials", detail: "That email and password don't match.")
}
