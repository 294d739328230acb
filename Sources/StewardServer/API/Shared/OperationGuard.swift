import Foundation
import HTTPTypes
import OpenAPIRuntime
import StewardCore
import Vapor

/// Runs before the generated code decodes a request, so the answers that do not depend on the
/// body come first and stay what they were: 401 for an operation that needs an account, 404 on
/// staff routes for everyone but staff, 422 naming `limit` or `cursor`, and a body read once, with
/// a size limit, where an empty body means `{}` (so a missing field is a 422 that names it).
struct OperationGuard: ServerMiddleware {
    let contract: APIContract
    static let jsonLimit = 1_048_576
    static let uploadLimit = 2 * 1_048_576

    func intercept(
        _ request: HTTPTypes.HTTPRequest, body: OpenAPIRuntime.HTTPBody?, metadata: ServerRequestMetadata,
        operationID: String,
        next:
            @Sendable (HTTPTypes.HTTPRequest, OpenAPIRuntime.HTTPBody?, ServerRequestMetadata) async throws -> (
                HTTPTypes.HTTPResponse, OpenAPIRuntime.HTTPBody?
            )
    ) async throws -> (HTTPTypes.HTTPResponse, OpenAPIRuntime.HTTPBody?) {
        guard let operation = contract.operations[operationID] else {
            return try await next(request, body, metadata)
        }
        let req = try APIRequest.request
        if !operation.isPublic { _ = try req.requireUser() }
        if operation.staffOnly, try await !req.services.staff.isStaff(try req.userID) {
            throw DomainError.notFound("That page")
        }
        if operation.paged {
            _ = try PageQuery.parse(
                limit: req.query[String.self, at: "limit"], cursor: req.query[String.self, at: "cursor"])
        }
        guard let bodyType = operation.bodyType else { return try await next(request, body, metadata) }

        let isJSON = bodyType == "application/json"
        let limit = isJSON ? Self.jsonLimit : Self.uploadLimit
        var bytes: [UInt8] = []
        if let body {
            if case .known(let length) = body.length, length > limit { throw Abort(.payloadTooLarge) }
            for try await chunk in body {
                bytes += chunk
                if bytes.count > limit { throw Abort(.payloadTooLarge) }
            }
        }
        guard isJSON else { return try await next(request, HTTPBody(bytes), metadata) }
        var request = request
        if bytes.isEmpty {
            bytes = Array("{}".utf8)
            request.headerFields[.contentType] = "application/json"
        } else if let type = request.headerFields[.contentType] {
            let mediaType = type.split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            }
            guard mediaType == "application/json" else {
                throw DomainError(
                    .badRequest, code: "unsupported_media_type", detail: "Send the body as application/json.")
            }
        } else {
            request.headerFields[.contentType] = "application/json"
        }
        return try await next(request, HTTPBody(bytes), metadata)
    }
}
