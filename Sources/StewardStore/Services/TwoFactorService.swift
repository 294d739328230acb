import FluentKit
import FluentSQL
import Foundation
import StewardCore

/// What an authenticator app needs to enrol: the secret, as text, as a URL and as a QR code.
public struct TwoFactorEnrolment: Sendable {
    public var secret: String
    public var otpauthURL: String
    public var qrSVG: String
}

/// Two-factor sign-in (NOTES §12): TOTP (RFC 6238, 30 s, 6 digits, ±1 step) with ten single-use
/// recovery codes, and an organisation's requirement of it.
public struct TwoFactorService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    public init(db: any Database, env: ServiceEnvironment) {
        self.db = db
        self.env = env
    }

    /// Starts (or restarts) enrolment with a fresh secret; nothing changes until it is confirmed.
    public func start(_ id: UserID) async throws -> TwoFactorEnrolment {
        let row = try await Load.user(id, on: db)
        if row.totpEnabledAt != nil {
            throw DomainError(
                .conflict, code: "two_factor_enabled",
                detail: "Two-factor sign-in is already on. Turn it off first to move it to another app.")
        }
        let secret = env.tokens.randomBytes(count: 20)  // 160 bits, as RFC 4226 recommends
        row.totpPendingSecret = Base32.encode(secret)
        try await row.save(on: db)
        return enrolment(secret: secret, account: row.email)
    }

    /// The enrolment in progress, for showing its page again.
    public func pending(_ id: UserID) async throws -> TwoFactorEnrolment? {
        let row = try await Load.user(id, on: db)
        guard row.totpEnabledAt == nil, let text = row.totpPendingSecret, let secret = Base32.decode(text) else {
            return nil
        }
        return enrolment(secret: secret, account: row.email)
    }

    private func enrolment(secret: [UInt8], account: String) -> TwoFactorEnrolment {
        let url = TOTP.otpauthURL(secret: secret, account: account, issuer: "Steward")
        let svg =
            (try? QRCode.encode(url).svg(moduleSize: 4, quietZone: 4, title: "QR code for your authenticator app"))
            ?? ""
        return TwoFactorEnrolment(secret: Base32.encode(secret), otpauthURL: url, qrSVG: svg)
    }

    /// Turns two-factor on with a code from the new secret; answers the recovery codes, shown once.
    public func confirm(_ id: UserID, code: String?) async throws -> [String] {
        let row = try await Load.user(id, on: db)
        guard row.totpEnabledAt == nil, let text = row.totpPendingSecret, let secret = Base32.decode(text) else {
            throw DomainError(
                .conflict, code: "two_factor_not_started", detail: "Start setting up two-factor sign-in first.")
        }
        guard let code, !code.isEmpty else { throw DomainError.invalid("code", "is required") }
        try await takeGuess(row)
        guard let step = TOTP(secret: secret).matchingStep(code, at: env.clock.now()) else {
            throw DomainError(
                .unprocessable, code: "invalid_otp", detail: DomainError.invalidOTP.detail,
                fieldErrors: [.init(field: "code", message: "is not the current code from your authenticator app")])
        }
        try await rightGuess(row)
        var random = SystemRandomNumberGenerator()
        let codes = RecoveryCodes.generate { random.next() }
        let now = env.clock.now()
        try await db.transaction { tx in
            row.totpSecret = text
            row.totpPendingSecret = nil
            row.totpEnabledAt = now
            row.totpLastStep = step
            try await row.save(on: tx)
            try await replaceRecoveryCodes(of: row.id!, with: codes, on: tx)
            try await Outbox.enqueue(
                Emails.twoFactorChanged(
                    to: row.email, name: row.name, enabled: true, at: now, securityLink: env.link(.account())),
                on: tx, now: now)
        }
        return codes
    }

    /// Ten new recovery codes for ten old ones (used or not), with a current code or a recovery code.
    public func regenerateRecoveryCodes(_ id: UserID, code: String?) async throws -> [String] {
        let row = try await Load.user(id, on: db)
        guard row.totpEnabledAt != nil else {
            throw DomainError(.conflict, code: "two_factor_not_enabled", detail: "Two-factor sign-in is not on.")
        }
        try await checkCode(code, of: row)
        var random = SystemRandomNumberGenerator()
        let codes = RecoveryCodes.generate { random.next() }
        try await db.transaction { tx in try await replaceRecoveryCodes(of: row.id!, with: codes, on: tx) }
        return codes
    }

    private func replaceRecoveryCodes(of user: UUID, with codes: [String], on tx: any Database) async throws {
        try await TwoFactorQueries.deleteRecoveryCodes(of: user, on: tx)
        for code in codes {
            let recovery = RecoveryCodeRow()
            recovery.userID = user
            recovery.codeHash = env.tokens.digest(RecoveryCodes.normalise(code))
            try await recovery.create(on: tx)
        }
    }

    /// A current or recovery code for an account action, counted against the account's limit.
    private func checkCode(_ code: String?, of row: UserRow) async throws {
        guard let code, !code.isEmpty else { throw DomainError.invalid("code", "is required") }
        try await takeGuess(row)
        guard try await consume(code: code, of: row) else {
            throw DomainError(
                .unprocessable, code: "invalid_otp", detail: DomainError.invalidOTP.detail,
                fieldErrors: [.init(field: "code", message: "is not a current or recovery code")])
        }
        try await rightGuess(row)
    }

    /// Turns two-factor off with a current code or a recovery code.
    public func disable(_ id: UserID, code: String?) async throws {
        let row = try await Load.user(id, on: db)
        guard row.totpEnabledAt != nil else {
            throw DomainError(.conflict, code: "two_factor_not_enabled", detail: "Two-factor sign-in is not on.")
        }
        if let org = try await TwoFactorQueries.ownedOrgRequiringTwoFactor(owner: row.id!, on: db) {
            throw DomainError(
                .conflict, code: "two_factor_required_by_org",
                detail: "You own “\(org)”, which requires two-factor sign-in. Turn that requirement off first.")
        }
        try await checkCode(code, of: row)
        let now = env.clock.now()
        try await db.transaction { tx in
            row.totpSecret = nil
            row.totpEnabledAt = nil
            row.totpPendingSecret = nil
            row.totpLastStep = nil
            try await row.save(on: tx)
            try await TwoFactorQueries.deleteRecoveryCodes(of: row.id!, on: tx)
            try await Outbox.enqueue(
                Emails.twoFactorChanged(
                    to: row.email, name: row.name, enabled: false, at: now, securityLink: env.link(.account())),
                on: tx, now: now)
        }
    }

    /// Wrong codes count with wrong passwords: six digits must not be guessable with a stolen
    /// session either.
    private var limiter: RateLimiter {
        RateLimiter(db: db, clock: env.clock, enabled: env.rateLimits.enabled, events: env.events)
    }

    /// Counted before the code is checked (in one step, NOTES §11), taken back when it was right.
    private func takeGuess(_ row: UserRow) async throws {
        try await limiter.take(
            "signin:account:\(row.email)", env.rateLimits.failedSignInsPerAccount,
            detail: "Too many wrong codes. Wait a little and try again.")
    }

    private func rightGuess(_ row: UserRow) async throws {
        try await limiter.giveBack("signin:account:\(row.email)")
    }

    /// Checks a second factor and uses it up: a TOTP step works once (RFC 6238 §5.2), a recovery
    /// code works once. Guarded updates make concurrent uses of the same code lose cleanly.
    func consume(code raw: String, of row: UserRow) async throws -> Bool {
        guard let text = row.totpSecret, let secret = Base32.decode(text) else { return false }
        let digits = raw.filter { !$0.isWhitespace }
        if digits.count == 6, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) {
            guard let step = TOTP(secret: secret).matchingStep(digits, at: env.clock.now()) else { return false }
            return try await TwoFactorQueries.useStep(step, of: row.id!, on: db)
        }
        guard RecoveryCodes.looksLikeRecoveryCode(raw) else { return false }
        let hash = env.tokens.digest(RecoveryCodes.normalise(raw))
        let used = try await TwoFactorQueries.useRecoveryCode(hash: hash, of: row.id!, at: env.clock.now(), on: db)
        if used {
            let remaining = try await TwoFactorQueries.recoveryCodesLeft(of: row.id!, on: db)
            try await Outbox.enqueue(
                Emails.recoveryCodeUsed(
                    to: row.email, name: row.name, remaining: remaining, at: env.clock.now(),
                    securityLink: env.link(.account())), on: db, now: env.clock.now())
        }
        return used
    }

    /// Unused recovery codes left (the codes themselves are only ever shown at enrolment).
    public func recoveryCodesLeft(_ id: UserID) async throws -> Int {
        try await TwoFactorQueries.recoveryCodesLeft(of: id.uuid, on: db)
    }

    /// The organisation owner requires (or stops requiring) two-factor of every member.
    public func setRequirement(_ org: OrgID, required: Bool?, by actor: UserID) async throws -> OrgContext {
        guard let required else { throw DomainError.invalid("required", "is required (true or false)") }
        let ctx = try await Load.orgContext(org, user: actor, on: db)
        try Access.require(ctx.role, .requireTwoFactor)
        try IdentityRule.checkMayRequireTwoFactor(actorHasTwoFactor: ctx.user.twoFactorEnabled, required: required)
        if ctx.org.requiresTwoFactor != required {
            try await db.transaction { tx in
                try await TwoFactorQueries.setRequirement(required, org: org.uuid, on: tx)
                try await AuditLog(db: tx, clock: env.clock).record(
                    required ? "org.two_factor_required" : "org.two_factor_not_required", actor: actor,
                    org: org.uuid, workspace: nil, target: .init(type: "org", id: org.description, label: ctx.org.name),
                    before: String(ctx.org.requiresTwoFactor), after: String(required))
            }
        }
        return try await Load.orgContext(org, user: actor, on: db)
    }
}
