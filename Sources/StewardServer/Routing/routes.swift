import StewardCore
import Vapor

func routes(_ app: Application) throws {
    // Liveness without the database: the floor every benchmark ratio is measured against.
    app.get("livez") { _ in ["status": "ok"] }
    app.get("healthz") { req async throws -> Response in
        // Answers only once the database does.
        try await req.services.checkDatabase()
        return try await ["status": "ok"].encodeResponse(for: req)
    }
    // Ready for traffic: the database answers and has every migration this build knows. 503
    // tells a load balancer to wait (a rolling upgrade before `steward migrate`).
    app.get("readyz") { req async throws -> Response in
        let readiness = await req.services.readiness()
        let body = ReadinessBody(
            status: readiness.isReady ? "ready" : "notReady",
            database: readiness.databaseReachable ? "ok" : "unreachable",
            pendingMigrations: readiness.pendingMigrations)
        return try await body.encodeResponse(status: readiness.isReady ? .ok : .serviceUnavailable, for: req)
    }
    app.stewardMetrics?.register(on: app.routes, token: app.stewardConfig.metricsToken)
    let contract = try APIContract.load(from: app.directory.resourcesDirectory + "openapi.yaml")
    app.apiContract = contract
    app.get("openapi.json") { _ in
        Response(
            status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: contract.json))
    }
    try APIRoutes().register(app.routes, contract: contract)
    WebRoutes().register(app.routes)
}

/// The answer of GET /readyz (`Readiness` in the OpenAPI document).
struct ReadinessBody: Content {
    var status: String
    var database: String
    var pendingMigrations: [String]
}
