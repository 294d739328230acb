import Foundation
import SMTPKit
import StewardCore
import Vapor

/// Every setting Steward reads, decoded once from the environment at boot.
public struct StewardConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(String)
        case sqliteMemory
        case postgres(String)
    }

    public var database: DatabaseChoice
    public var dataDirectory: String
    /// The address people reach Steward at; used in links that leave the app.
    public var baseURL: String
    public var rateLimits: RateLimitPolicy
    public var bcryptCost: Int
    /// Mark cookies Secure (on by default in production, where Steward sits behind HTTPS).
    public var secureCookies: Bool
    /// `SMTP_URL`: where emails are handed over; nil keeps them in the outbox (logged).
    public var smtpURL: String? = nil
    /// `SMTP_FROM`: the sender of every email.
    public var smtpFrom: String = "Steward <steward@localhost>"
    /// The development mailbox (`/dev/mailbox`): on without SMTP outside production, or with
    /// `STEWARD_DEV_MAILBOX=on`; `STEWARD_DEV_MAILBOX=off` turns it off.
    public var devMailboxEnabled: Bool = false
    /// `STEWARD_DB_POOL`: PostgreSQL connections per event loop (SQLite always uses one).
    public var databasePoolSize: Int = 4
    /// `STEWARD_VIEW_CACHE`: Leaf keeps parsed templates in memory; `off` re-reads them on every
    /// render, for editing templates while the server runs.
    public var viewCacheEnabled: Bool = true
    /// `STEWARD_PROJECT_MAX_CONVERSATIONS`: the most conversations one project holds.
    public var conversationsPerProject: Int = 50_000
    /// `STEWARD_TRUSTED_PROXIES`: peers whose `X-Forwarded-For` names the client (NOTES §12).
    public var trustedProxies: TrustedProxies = TrustedProxies()
    /// `STEWARD_METRICS`: `GET /metrics` and the recording behind it; `off` removes both.
    public var metricsEnabled: Bool = true
    /// `STEWARD_METRICS_TOKEN`: when set, `/metrics` answers only `Authorization: Bearer <token>`.
    public var metricsToken: String? = nil

    /// Reads the environment. In production a missing required setting stops start-up with one
    /// message that names every missing variable.
    public static func load(
        environment: Vapor.Environment, variables: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> StewardConfig {
        let isProduction = environment == .production
        var missing: [String] = []
        var problems: [String] = []
        let dataDirectory = variables["STEWARD_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./data"
        let database: DatabaseChoice
        if let url = variables["DATABASE_URL"], !url.isEmpty {
            database = .postgres(url)
        } else {
            database = .sqliteFile(dataDirectory + "/steward.sqlite")
        }
        let baseURL = variables["STEWARD_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if isProduction && baseURL == nil { missing.append("STEWARD_BASE_URL") }
        var limits = RateLimitPolicy()
        switch variables["STEWARD_RATE_LIMITS"]?.lowercased() {
        case nil, "", "on": break
        case "off": limits.enabled = false
        case let other?: problems.append("STEWARD_RATE_LIMITS must be on or off (got \(other))")
        }
        /// A whole number in `range`, the default when unset; anything else is a problem.
        func number(_ name: String, in range: ClosedRange<Int>, default value: Int) -> Int {
            guard let raw = variables[name], !raw.isEmpty else { return value }
            guard let n = Int(raw), range.contains(n) else {
                problems.append(
                    range.upperBound == Int.max
                        ? "\(name) must be a positive number"
                        : "\(name) must be between \(range.lowerBound) and \(range.upperBound)")
                return value
            }
            return n
        }
        limits.failedSignInsPerAccount.count = number(
            "STEWARD_SIGNIN_FAILURES_PER_ACCOUNT", in: 1...Int.max, default: limits.failedSignInsPerAccount.count)
        limits.registrationsPerClient.count = number(
            "STEWARD_REGISTRATIONS_PER_HOUR", in: 1...Int.max, default: limits.registrationsPerClient.count)
        limits.failedSignInsPerClient.count = number(
            "STEWARD_SIGNIN_FAILURES_PER_CLIENT", in: 1...Int.max, default: limits.failedSignInsPerClient.count)
        limits.invitesPerAddress.count = number(
            "STEWARD_INVITES_PER_ADDRESS_PER_DAY", in: 1...Int.max, default: limits.invitesPerAddress.count)
        limits.invitesPerDay.count = number(
            "STEWARD_INVITES_PER_DAY", in: 1...Int.max, default: limits.invitesPerDay.count)
        limits.portalContributionsPerClient.count = number(
            "STEWARD_PORTAL_CONTRIBUTIONS_PER_HOUR", in: 1...Int.max, default: limits.portalContributionsPerClient.count
        )
        limits.passwordResetsPerClient.count = number(
            "STEWARD_PASSWORD_RESET_REQUESTS_PER_HOUR", in: 1...Int.max, default: limits.passwordResetsPerClient.count)
        limits.verificationEmailsPerAccount.count = number(
            "STEWARD_VERIFICATION_EMAILS_PER_HOUR", in: 1...Int.max, default: limits.verificationEmailsPerAccount.count)
        limits.passwordResetsPerAddress.count = number(
            "STEWARD_PASSWORD_RESETS_PER_HOUR", in: 1...Int.max, default: limits.passwordResetsPerAddress.count)
        let cost = number("STEWARD_BCRYPT_COST", in: 4...31, default: 12)
        var proxies = TrustedProxies()
        do { proxies = try TrustedProxies(variables["STEWARD_TRUSTED_PROXIES"] ?? "") } catch {
            problems.append("STEWARD_TRUSTED_PROXIES: \(error)")
        }
        let secure = variables["STEWARD_SECURE_COOKIES"].map { $0 == "true" || $0 == "1" } ?? isProduction
        let smtpURL = variables["SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
        let smtpFrom = variables["SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "Steward <steward@localhost>"
        if let smtpURL {
            do { _ = try SMTPSettings.parse(url: smtpURL, from: smtpFrom) } catch {
                problems.append("SMTP_URL: \(error)")
            }
        }
        var devMailbox = smtpURL == nil && !isProduction
        switch variables["STEWARD_DEV_MAILBOX"]?.lowercased() {
        case nil, "": break
        case "on": devMailbox = true
        case "off": devMailbox = false
        case let other?: problems.append("STEWARD_DEV_MAILBOX must be on or off (got \(other))")
        }
        let poolSize = number("STEWARD_DB_POOL", in: 1...100, default: 4)
        let conversationsPerProject = number("STEWARD_PROJECT_MAX_CONVERSATIONS", in: 1...1_000_000, default: 50_000)
        var viewCache = true
        switch variables["STEWARD_VIEW_CACHE"]?.lowercased() {
        case nil, "", "on": break
        case "off": viewCache = false
        case let other?: problems.append("STEWARD_VIEW_CACHE must be on or off (got \(other))")
        }
        var metrics = true
        switch variables["STEWARD_METRICS"]?.lowercased() {
        case nil, "", "on": break
        case "off": metrics = false
        case let other?: problems.append("STEWARD_METRICS must be on or off (got \(other))")
        }
        let metricsToken = variables["STEWARD_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let metricsToken, metricsToken.count < 16 {
            problems.append("STEWARD_METRICS_TOKEN must be at least 16 characters")
        }
        if !missing.isEmpty {
            problems.insert("missing required settings: " + missing.joined(separator: ", "), at: 0)
        }
        if !problems.isEmpty { throw ConfigError(problems: problems) }
        return StewardConfig(
            database: database, dataDirectory: dataDirectory, baseURL: baseURL ?? "http://localhost:8080",
            rateLimits: limits, bcryptCost: cost, secureCookies: secure, smtpURL: smtpURL, smtpFrom: smtpFrom,
            devMailboxEnabled: devMailbox, databasePoolSize: poolSize, viewCacheEnabled: viewCache,
            conversationsPerProject: conversationsPerProject, trustedProxies: proxies, metricsEnabled: metrics,
            metricsToken: metricsToken)
    }
}

public struct ConfigError: Error, CustomStringConvertible {
    public var problems: [String]
    public var description: String {
        "Steward cannot start:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
