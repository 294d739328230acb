import Foundation

/// Single-use links and challenges an account is sent (NOTES §12). Only their digests are stored.
public enum AccountTokenKind: String, Sendable, CaseIterable {
    /// Proves a mailbox: the registration address, or a new address before it takes effect.
    case verifyEmail = "verify_email"
    case passwordReset = "password_reset"
    /// The second step of a page sign-in for an account with two-factor: the password was right.
    case signInChallenge = "signin_challenge"

    public var lifetime: TimeInterval {
        switch self {
        case .verifyEmail: 48 * 3600
        case .passwordReset: 3600
        case .signInChallenge: 600
        }
    }

    /// Why a token of this kind can no longer be used; nil while it is live.
    public func refusal(expiresAt: Date, usedAt: Date?, now: Date) -> DomainError? {
        if usedAt != nil {
            return switch self {
            case .verifyEmail:
                DomainError(
                    .gone, code: "verification_used",
                    detail: "This verification link was already used. Sign in; if your address still shows as "
                        + "unverified, send a new link from your account page.")
            case .passwordReset:
                DomainError(
                    .gone, code: "reset_used",
                    detail: "This reset link was already used. Ask for a new one if you still need to reset.")
            case .signInChallenge:
                DomainError(.gone, code: "challenge_used", detail: "This sign-in was already completed. Sign in again.")
            }
        }
        guard now >= expiresAt else { return nil }
        return switch self {
        case .verifyEmail:
            DomainError(
                .gone, code: "verification_expired",
                detail: "This verification link expired (links are valid for 48 hours). Send a new one from your "
                    + "account page.")
        case .passwordReset:
            DomainError(
                .gone, code: "reset_expired",
                detail: "This reset link expired (links are valid for one hour). Ask for a new one.")
        case .signInChallenge:
            DomainError(.gone, code: "challenge_expired", detail: "This sign-in took too long. Sign in again.")
        }
    }
}

/// What an account's proven (or unproven) address and second factor allow (NOTES §12).
public enum IdentityRule {
    /// An invite may add an existing account directly only when that account proved the address;
    /// otherwise the invite is emailed and the link proves the mailbox.
    public static func mayAddDirectly(accountVerified: Bool) -> Bool { accountVerified }

    /// `GET /me/invites` hands out invite tokens by address, so only a proven address may read it.
    public static func checkMayListInvites(emailVerified: Bool) throws(DomainError) {
        guard emailVerified else { throw DomainError.emailUnverified }
    }

    /// A handoff makes the data owner the client organisation's owner: only a proven address.
    public static func checkHandoff(dataOwnerVerified: Bool) throws(DomainError) {
        guard dataOwnerVerified else { throw DomainError.dataOwnerUnverified }
    }

    /// Members of an organisation that requires two-factor reach its workspaces and pages only
    /// with two-factor on; staff are not exempt when acting as members.
    public static func checkTwoFactor(orgRequires: Bool, userHasTwoFactor: Bool) throws(DomainError) {
        if orgRequires && !userHasTwoFactor { throw DomainError.twoFactorRequired }
    }

    /// Only owners who use two-factor themselves may require it, so a requirement never locks
    /// out the person who set it.
    public static func checkMayRequireTwoFactor(actorHasTwoFactor: Bool, required: Bool) throws(DomainError) {
        if required && !actorHasTwoFactor {
            throw DomainError(
                .conflict, code: "two_factor_not_enabled",
                detail: "Turn on two-factor sign-in for your own account before requiring it for the organisation.")
        }
    }
}

/// Named personal API tokens (NOTES §12): they expire after 1–365 days, 90 unless chosen.
public enum APITokenRule {
    public static let defaultDays = 90
    public static let allowedDays = 1...365

    public static func days(_ value: Int?, field: String = "expiresInDays") throws(DomainError) -> Int {
        guard let value else { return defaultDays }
        guard allowedDays.contains(value) else { throw DomainError.invalid(field, "must be between 1 and 365") }
        return value
    }

    public static func name(_ value: String?) throws(DomainError) -> String {
        var v = Validator()
        let name = v.name(value, field: "name", max: 80)
        try v.check()
        return name
    }
}

/// A person-readable name for the device behind a session, from its User-Agent ("Firefox on
/// Linux"). Only for display and for noticing a new device; never for a security decision.
public enum DeviceName {
    public static func from(userAgent: String?) -> String {
        guard let ua = userAgent, !ua.isEmpty else { return "Unknown device" }
        let browsers: [(String, String)] = [
            ("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chromium/", "Chromium"),
            ("HeadlessChrome/", "Chrome (headless)"), ("Chrome/", "Chrome"), ("Safari/", "Safari"),
            ("curl/", "curl"), ("python-requests/", "Python requests"), ("Python-urllib/", "Python"),
        ]
        let systems: [(String, String)] = [
            ("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"),
            ("Mac OS X", "macOS"), ("Macintosh", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"),
        ]
        let browser = browsers.first { ua.contains($0.0) }?.1
        let system = systems.first { ua.contains($0.0) }?.1
        switch (browser, system) {
        case (let b?, let s?): return "\(b) on \(s)"
        case (let b?, nil): return b
        case (nil, let s?): return "A browser on \(s)"
        default: return String(ua.prefix(60))
        }
    }
}

extension DomainError {
    public static let emailUnverified = DomainError(
        .forbidden, code: "email_unverified",
        detail: "Verify your email address first: we sent you a link. Until then invites can't be matched to you.")

    public static let dataOwnerUnverified = DomainError(
        .conflict, code: "data_owner_unverified",
        detail: "The data owner has not verified their email address yet. Ask them to open the link we sent "
            + "(or resend it from their account page) before the handoff.")

    public static let twoFactorRequired = DomainError(
        .forbidden, code: "two_factor_required",
        detail: "This organisation requires two-factor sign-in. Turn it on in your account settings to continue.")

    public static let otpRequired = DomainError(
        .unauthorized, code: "otp_required",
        detail: "This account uses two-factor sign-in. Enter the code from your authenticator app.")

    public static let invalidOTP = DomainError(
        .unauthorized, code: "invalid_otp", detail: "That code isn't right. Check your authenticator app and try again."
    )

    public static let wrongCurrentPassword = DomainError(
        .forbidden, code: "invalid_credentials", detail: "Your current password isn't right.",
        fieldErrors: [.init(field: "currentPassword", message: "is not your current password")])
}
