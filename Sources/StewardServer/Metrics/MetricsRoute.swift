import StewardCore
import Vapor

extension StewardMetrics {
    /// `GET /metrics` in Prometheus's text format. Only registered when metrics are on; with
    /// `STEWARD_METRICS_TOKEN` set it answers only that bearer token (for a Steward reachable from
    /// the internet without a private network in front of the scraper).
    func register(on routes: any RoutesBuilder, token: String?) {
        routes.get("metrics") { [self] req async throws -> Response in
            if let token {
                let presented = req.headers.bearerAuthorization?.token ?? ""
                guard constantTimeEquals(presented, token) else {
                    throw DomainError(
                        .unauthorized, code: "metrics_token_required",
                        detail: "This Steward's metrics need the bearer token set in STEWARD_METRICS_TOKEN.")
                }
            }
            recordOutbox(try await req.services.outbox.backlog(), now: req.services.env.clock.now())
            return Response(
                status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(string: exposition()))
        }
    }
}
