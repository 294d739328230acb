import Foundation
import OpenAPIRuntime
import OpenAPIVapor
import StewardAPI
import Vapor

/// The JSON API under /api/v1: the one type that implements the protocol generated from
/// Resources/openapi.yaml. Each area adds its operations in an extension (API/<Area>/), so the
/// compiler refuses a documented operation without a handler, and a handler whose answer the
/// document does not allow.
struct APIHandlers: APIProtocol {}

/// The Vapor request being answered, for handlers the generated code calls without it. Set by
/// `APIRequestContextMiddleware` around every API route.
enum APIRequest {
    @TaskLocal static var current: Request?

    static var request: Request {
        get throws {
            guard let current else { throw Abort(.internalServerError, reason: "No request in the API context.") }
            return current
        }
    }
}

struct APIRequestContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await APIRequest.$current.withValue(request) { try await next.respond(to: request) }
    }
}

extension Application {
    private struct ContractKey: StorageKey { typealias Value = APIContract }

    /// Resources/openapi.yaml, loaded by `routes`.
    var apiContract: APIContract? {
        get { storage[ContractKey.self] }
        set { storage[ContractKey.self] = newValue }
    }
}

extension APIHandlers {
    /// Registers every generated operation on `routes`, behind bearer authentication and the
    /// contract's guard.
    static func register(on routes: any RoutesBuilder, contract: APIContract) throws {
        let transport = VaporTransport(
            routesBuilder: routes.grouped(BearerAuthMiddleware(), APIRequestContextMiddleware()))
        try APIHandlers().registerHandlers(
            on: transport, serverURL: URL(string: "/")!,
            // Compact, keys sorted: the same bytes the hand-written handlers answered with.
            configuration: Configuration(dateTranscoder: .iso8601, jsonEncodingOptions: [.sortedKeys]),
            middlewares: [OperationGuard(contract: contract)])
    }
}
