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
    let contract = try APIContract.load(from: app.directory.resourcesDirectory + "openapi.yaml")
    app.apiContract = contract
    app.get("openapi.json") { _ in
        Response(
            status: .ok, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(data: contract.json))
    }
    try APIRoutes().register(app.routes, contract: contract)
    WebRoutes().register(app.routes)
}
