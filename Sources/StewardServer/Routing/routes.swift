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
    app.get("openapi.json") { req async throws -> Response in
        let path = req.application.directory.resourcesDirectory + "openapi.json"
        let response = try await req.fileio.asyncStreamFile(at: path)
        response.headers.contentType = .json
        return response
    }
    APIRoutes().register(app.routes)
    WebRoutes().register(app.routes)
}
