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
        try Self.check(operation.query, in: req)
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
        var request = request
        guard isJSON else {
            // Uploads are recognised by their bytes, not by what the client calls them (as before
            // the API was generated): any other type is passed on as the first documented one.
            let mediaType = request.headerFields[.contentType].map(Self.mediaType)
            if mediaType.map({ !operation.bodyTypes.contains($0) }) ?? true {
                request.headerFields[.contentType] = bodyType
            }
            return try await next(request, HTTPBody(bytes), metadata)
        }
        if bytes.isEmpty {
            bytes = Array("{}".utf8)
            request.headerFields[.contentType] = "application/json"
        } else if let type = request.headerFields[.contentType] {
            guard Self.mediaType(type) == "application/json" else {
                throw DomainError(
                    .badRequest, code: "unsupported_media_type", detail: "Send the body as application/json.")
            }
        } else {
            request.headerFields[.contentType] = "application/json"
        }
        try Self.checkBody(operation, bytes)
        return try await next(request, HTTPBody(bytes), metadata)
    }

    /// "application/json" of "Application/JSON; charset=utf-8".
    static func mediaType(_ header: String) -> String {
        (header.split(separator: ";").first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// The generated decoder stops at the first missing field; a client fixing its request wants
    /// all of them at once, as the services' validators answer.
    /// Also the sizes of top-level arrays, which the generated decoder does not check.
    static func checkBody(_ operation: APIContract.Operation, _ bytes: [UInt8]) throws {
        guard !operation.requiredBodyFields.isEmpty || !operation.arraySizes.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        else { return }  // Not an object: the generated decoder names what is wrong.
        var errors = operation.requiredBodyFields.filter { object[$0] == nil || object[$0] is NSNull }.map {
            DomainError.FieldError(field: $0, message: "is required")
        }
        for (field, size) in operation.arraySizes.sorted(by: { $0.key < $1.key }) {
            guard let array = object[field] as? [Any], !size.contains(array.count) else { continue }
            errors.append(
                .init(
                    field: field,
                    message: array.count > size.upperBound
                        ? "must have at most \(Self.entries(size.upperBound))"
                        : "must have at least \(Self.entries(size.lowerBound))"))
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }

    private static func entries(_ count: Int) -> String { count == 1 ? "1 entry" : "\(count) entries" }

    /// Query parameters the generated code would refuse with a bare 400: a 422 that names them.
    static func check(_ parameters: [APIContract.QueryParameter], in req: Request) throws {
        var errors: [DomainError.FieldError] = []
        for parameter in parameters {
            guard let value = req.query[String.self, at: parameter.name] else {
                if parameter.required { errors.append(.init(field: parameter.name, message: "is required")) }
                continue
            }
            if let allowed = parameter.allowed, !allowed.contains(value) {
                errors.append(
                    .init(field: parameter.name, message: "must be one of: \(allowed.joined(separator: ", "))"))
            }
        }
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }
}
