import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer
@testable import StewardStore

/// A scrape, read the way Prometheus reads it: one sample per line, `name{labels} value`.
struct Scrape {
    var text: String

    /// The sum of the samples named `name` whose labels include every pair in `labels`.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        let samples = text.split(separator: "\n").filter { line in
            guard !line.hasPrefix("#") else { return false }
            let series = line.prefix { $0 != " " }
            guard series == name || series.hasPrefix(name + "{") else { return false }
            return labels.allSatisfy { series.contains("\($0.key)=\"\($0.value)\"") }
        }
        guard !samples.isEmpty else { return nil }
        return samples.compactMap { $0.split(separator: " ").last.flatMap { Double($0) } }.reduce(0, +)
    }

    func lines(_ name: String) -> [Substring] {
        text.split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
    }
}

extension Application {
    func scrape(token: String? = nil) async throws -> Scrape {
        let reply = try await send(.GET, "/metrics", token: token)
        #expect(reply.status == .ok, "\(reply.text)")
        #expect(reply.headers.first(name: .contentType)?.hasPrefix("text/plain; version=0.0.4") == true)
        return Scrape(text: reply.text)
    }
}

@Suite("Metrics at /metrics")
struct MetricsTests {
    @Test("requests are counted and timed by route pattern and status, never by path")
    func requestsByRoutePattern() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let missing = UUID().uuidString.lowercased()
            for _ in 1...3 { _ = try await app.send(.GET, "/api/v1/me", token: world.owner.token) }
            #expect(
                try await app.send(.GET, "/api/v1/workspaces/\(missing)", token: world.owner.token).status == .notFound)
            _ = try await app.send(.GET, "/invitations/secret-invitation-token-123")
            _ = try await app.send(.GET, "/no/such/page/secret-value-456")
            let scrape = try await app.scrape()
            let me = ["method": "GET", "route": "/api/v1/me", "status": "200"]
            #expect(scrape.value("steward_http_requests_total", me) == 3)
            #expect(scrape.value("steward_http_request_duration_seconds_count", me) == 3)
            #expect(
                scrape.value("steward_http_request_duration_seconds_bucket", me.merging(["le": "+Inf"]) { $1 }) == 3)
            let workspace = scrape.lines("steward_http_requests_total").filter { $0.contains("status=\"404\"") }
            #expect(workspace.contains { $0.contains("route=\"/api/v1/workspaces/:") }, "\(workspace)")
            #expect(scrape.value("steward_http_requests_total", ["route": "/invitations/:token"]) == 1)
            #expect(scrape.value("steward_http_requests_total", ["route": "unmatched", "status": "404"]) == 1)
            for secret in [missing, "secret-invitation-token-123", "secret-value-456"] {
                #expect(!scrape.text.contains(secret), "\(secret) reached the metrics")
            }
        }
    }

    @Test("database statements are timed by what they do")
    func databaseStatements() async throws {
        try await withSteward { app in
            let before = try await app.scrape()
            _ = try await app.registerUser("dana@example.com")
            let after = try await app.scrape()
            for operation in ["select", "insert", "sql"] {
                let name = "steward_db_query_duration_seconds_count"
                let grew =
                    (after.value(name, ["operation": operation]) ?? 0)
                    - (before.value(name, ["operation": operation]) ?? 0)
                #expect(grew > 0, "no \(operation) statement was timed:\n\(after.lines(name))")
            }
        }
    }

    @Test("sign-in failures and rate-limit refusals are counted by reason and rule")
    func signInFailuresAndRefusals() async throws {
        try await withSteward(rateLimits: true) { app in
            _ = try await app.registerUser("erin@example.com")
            for _ in 1...7 {
                _ = try await app.send(
                    .POST, "/api/v1/auth/login", json: ["email": "erin@example.com", "password": "not the password"])
            }
            _ = try await app.send(
                .POST, "/api/v1/auth/login", json: ["email": "nobody@example.com", "password": "whatever it is"])
            let scrape = try await app.scrape()
            // Five wrong passwords for the account and one for an unknown one; then the limit.
            #expect(scrape.value("steward_sign_in_failures_total", ["reason": "invalid_credentials"]) == 6)
            #expect(scrape.value("steward_sign_in_failures_total", ["reason": "rate_limited"]) == 2)
            #expect(scrape.value("steward_rate_limit_refusals_total", ["rule": "signin:account"]) == 2)
            #expect(!scrape.text.contains("@"), "an address reached the metrics")
        }
    }

    @Test("invites sent, the outbox's backlog and deliveries by outcome")
    func invitesAndOutbox() async throws {
        let clock = TestClock()
        try await withSteward(clock: clock) { app in
            let world = try await World.make(app)
            let metrics = try #require(app.stewardMetrics)
            let transport = RecordingTransport()
            let delivery = OutboxDelivery(
                services: app.services, transport: transport, logger: app.logger, worker: "w1", metrics: metrics)
            while try await delivery.deliverDue() > 0 {}
            var scrape = try await app.scrape()
            #expect(scrape.value("steward_outbox_pending") == 0)
            #expect(scrape.value("steward_outbox_oldest_pending_age_seconds") == 0)
            let sentBefore = scrape.value("steward_email_deliveries_total", ["outcome": "sent"]) ?? 0
            #expect(sentBefore > 0, "the fixture's notices were delivered")

            let invite = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["first@example.com", "second@example.com"], "role": "member"])
            #expect(invite.status == .ok || invite.status == .created, "\(invite.text)")
            clock.advance(by: 90)
            scrape = try await app.scrape()
            #expect(scrape.value("steward_invites_sent_total") == 2)
            #expect(scrape.value("steward_outbox_pending") == 2)
            #expect((scrape.value("steward_outbox_oldest_pending_age_seconds") ?? 0) >= 90)

            transport.failing = true
            #expect(try await delivery.deliverDue() == 2)
            scrape = try await app.scrape()
            #expect(scrape.value("steward_email_deliveries_total", ["kind": "invite", "outcome": "retry"]) == 2)
            transport.failing = false
            clock.advance(by: 31)
            #expect(try await delivery.deliverDue() == 2)
            scrape = try await app.scrape()
            #expect(scrape.value("steward_email_deliveries_total", ["kind": "invite", "outcome": "sent"]) == 2)
            #expect(scrape.value("steward_outbox_pending") == 0)
            #expect(scrape.value("steward_outbox_failed") == 0)
            #expect(!scrape.text.contains("@"), "an address reached the metrics")
            #expect(!scrape.text.contains(world.internalID), "an id reached the metrics")
        }
    }

    @Test("STEWARD_METRICS=off removes the endpoint; STEWARD_METRICS_TOKEN guards it")
    func offAndToken() async throws {
        try await withSteward(adjust: { config in config.metricsEnabled = false }) { (app: Application) async throws in
            #expect(app.stewardMetrics == nil)
            #expect(try await app.send(.GET, "/metrics").status == .notFound)
            #expect(try await app.send(.GET, "/api/v1/me").status == .unauthorized, "the app still answers")
        }
        let token = "a-long-enough-scrape-token"
        try await withSteward(adjust: { config in config.metricsToken = token }) { (app: Application) async throws in
            let bare = try await app.send(.GET, "/metrics")
            #expect(bare.status == .unauthorized && bare.code == "metrics_token_required" && bare.isProblem)
            #expect(try await app.send(.GET, "/metrics", token: "a-long-enough-wrong-token!").status == .unauthorized)
            _ = try await app.scrape(token: token)
        }
    }

    @Test("the metrics settings are checked at start-up")
    func settings() throws {
        let defaults = try StewardConfig.load(environment: .testing, variables: [:])
        #expect(defaults.metricsEnabled && defaults.metricsToken == nil)
        let off = try StewardConfig.load(environment: .testing, variables: ["STEWARD_METRICS": "OFF"])
        #expect(!off.metricsEnabled)
        #expect(throws: ConfigError.self) {
            try StewardConfig.load(environment: .testing, variables: ["STEWARD_METRICS": "sometimes"])
        }
        #expect(throws: ConfigError.self) {
            try StewardConfig.load(environment: .testing, variables: ["STEWARD_METRICS_TOKEN": "short"])
        }
    }

    @Test("a rate limit's key becomes a rule name, never the address or id it holds")
    func ruleNames() {
        #expect(RateLimiter.ruleName(ofKey: "signin:account:erin@example.com") == "signin:account")
        #expect(RateLimiter.ruleName(ofKey: "invite-inviter-address:\(UUID()):a@b.c") == "invite-inviter-address")
        #expect(RateLimiter.ruleName(ofKey: "invite-inviter:\(UUID())") == "invite-inviter")
        #expect(RateLimiter.ruleName(ofKey: "portal:\(UUID()):10.0.0.1") == "portal")
        #expect(RateLimiter.ruleName(ofKey: "something-new:x") == "other")
    }
}
