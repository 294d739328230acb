import Vapor

/// Every JSON API route under /api/v1, by feature; the OpenAPI document describes the same set
/// (a test walks both).
struct APIRoutes {
    func register(_ routes: any RoutesBuilder, contract: APIContract) throws {
        try APIHandlers.register(on: routes, contract: contract)
        let api = routes.grouped("api", "v1").grouped(BearerAuthMiddleware())
        AccountAPIController().register(api)
        WorkspacesAPIController().register(api)
        WorkAPIController().register(api)
        InviteAPIController().register(api)
        PartnerAPIController().register(api)
        BillingAPIController().register(api)
    }
}
