import Vapor

/// Every JSON API route under /api/v1 comes from the protocol generated from
/// Resources/openapi.yaml, so the document and the routes cannot differ (a test walks both).
struct APIRoutes {
    func register(_ routes: any RoutesBuilder, contract: APIContract) throws {
        try APIHandlers.register(on: routes, contract: contract)
    }
}
