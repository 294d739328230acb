import OpenAPIRuntime
import StewardCore
import Vapor

/// The one place errors become responses: problem+json under /api, an error page elsewhere.
/// Handlers throw; they never format errors themselves.
struct ErrorRenderingMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            do {
                return try await next.respond(to: request)
            } catch let error as ServerError {
                throw Self.cause(of: error)
            }
        } catch let abort as any AbortError where abort.status == .notFound {
            // Handlers answer 404 with DomainError; an Abort 404 means no route matched. If the
            // path exists with other methods, the honest answer is 405 with Allow.
            let allowed = Self.methods(for: request)
            guard !allowed.isEmpty else { return try await render(abort, for: request) }
            let problem = Problem(
                status: .methodNotAllowed, code: "method_not_allowed",
                detail: "\(request.method.rawValue) is not supported here. Use \(allowed.joined(separator: ", ")).")
            let response = try await render(problem, for: request)
            response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", "))
            return response
        } catch {
            return try await render(error, for: request)
        }
    }

    /// The generated API wraps what a handler or the request's decoding threw; the cause is what
    /// the client is answered with. Errors of the runtime itself (a body or header it cannot read)
    /// keep the status the runtime chose.
    static func cause(of error: ServerError) -> any Error {
        switch error.underlyingError {
        case let cause as DomainError: cause
        case let cause as DecodingError: cause
        case let cause as any AbortError: cause
        default:
            Abort(
                HTTPResponseStatus(statusCode: Int(error.httpStatus.code)),
                reason: error.httpStatus.code >= 500 ? nil : error.causeDescription)
        }
    }

    private func render(_ error: any Error, for request: Request) async throws -> Response {
        try await render(
            Problem(error, logger: request.logger, contract: request.application.apiContract), for: request)
    }

    private func render(_ problem: Problem, for request: Request) async throws -> Response {
        // Machines' endpoints outside /api answer problem+json too: a scraper cannot sign in.
        if request.url.path.hasPrefix("/api/") || ["/openapi.json", "/metrics"].contains(request.url.path) {
            return try problem.jsonResponse()
        }
        if problem.status == 401 {
            return request.redirect(to: Paths.login(next: request.url.path))
        }
        return try await ErrorPage.render(problem, on: request)
    }

    /// The methods registered for the request's path.
    static func methods(for request: Request) -> [String] {
        let parts = request.url.path.split(separator: "/").map(String.init)
        let matching = request.application.routes.all.filter { route in
            guard route.path.count == parts.count else { return false }
            return zip(route.path, parts).allSatisfy { component, part in
                switch component {
                case .constant(let text): text == part
                case .parameter: true
                case .anything, .catchall: true
                }
            }
        }
        return Array(Set(matching.map(\.method.rawValue))).sorted()
    }
}

/// RFC 9457 problem details with Steward's stable `code`.
struct Problem: Content {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var errors: [DomainError.FieldError]?
    var requiredTier: String?
    var retryAfter: Int?

    var httpStatus: HTTPResponseStatus { HTTPResponseStatus(statusCode: status) }
    var statusValue: HTTPResponseStatus { httpStatus }

    init(_ error: any Error, logger: Logger, contract: APIContract? = nil) {
        switch error {
        case let domain as DomainError:
            self.init(domain)
        case let decoding as DecodingError:
            self.init(decoding: decoding, contract: contract)
        case let abort as any AbortError:
            let status = abort.status
            let code: String
            switch status {
            case .notFound: code = "not_found"
            case .methodNotAllowed: code = "method_not_allowed"
            case .unsupportedMediaType: code = "unsupported_media_type"
            case .notAcceptable: code = "not_acceptable"
            case .payloadTooLarge: code = "payload_too_large"
            case .badRequest: code = "bad_request"
            case .unauthorized: code = "unauthenticated"
            default: code = status.code >= 500 ? "internal_error" : "request_failed"
            }
            if status.code >= 500 { logger.report(error: error) }
            let reason = status == .notFound ? "That page or resource does not exist." : abort.reason
            self.init(status: status, code: code, detail: reason)
        default:
            logger.report(error: error)
            self.init(
                status: .internalServerError, code: "internal_error",
                detail: "Something went wrong on our side. Nothing was changed; please try again.")
        }
    }

    init(_ domain: DomainError) {
        let status: HTTPResponseStatus =
            switch domain.kind {
            case .badRequest: .badRequest
            case .unauthorized: .unauthorized
            case .forbidden: .forbidden
            case .notFound: .notFound
            case .conflict: .conflict
            case .gone: .gone
            case .unprocessable: .unprocessableEntity
            case .tooManyRequests: .tooManyRequests
            }
        self.init(status: status, code: domain.code, detail: domain.detail)
        errors = domain.fieldErrors.isEmpty ? nil : domain.fieldErrors
        requiredTier = domain.requiredTier?.rawValue
        retryAfter = domain.retryAfterSeconds
    }

    init(decoding error: DecodingError, contract: APIContract? = nil) {
        func field(_ path: [any CodingKey]) -> String {
            // The body itself when the whole of it has the wrong shape (an array for an object).
            path.isEmpty ? "body" : path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(let type, let context):
            let name = field(context.codingPath)
            self.init(status: .unprocessableEntity, code: "validation_failed", detail: "\(name): has the wrong type")
            errors = [.init(field: name, message: "must be a \(Self.describe(type))")]
        case .valueNotFound(_, let context):
            let name = field(context.codingPath)
            self.init(status: .unprocessableEntity, code: "validation_failed", detail: "\(name): is required")
            errors = [.init(field: name, message: "is required")]
        case .keyNotFound(let key, let context):
            let name = field(context.codingPath + [key])
            self.init(status: .unprocessableEntity, code: "validation_failed", detail: "\(name): is required")
            errors = [.init(field: name, message: "is required")]
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                self.init(status: .badRequest, code: "malformed_body", detail: "The request body is not valid JSON.")
            } else {
                let name = field(context.codingPath)
                let message =
                    Self.allowedValues(context, contract: contract).map { "must be one of: \($0)" } ?? "is invalid"
                self.init(status: .unprocessableEntity, code: "validation_failed", detail: "\(name): \(message)")
                errors = [.init(field: name, message: message)]
            }
        @unknown default:
            self.init(status: .badRequest, code: "malformed_body", detail: "The request body could not be read.")
        }
    }

    init(status: HTTPResponseStatus, code: String, detail: String) {
        self.type = "https://steward.example/problems/\(code)"
        self.title = status.reasonPhrase
        self.status = Int(status.code)
        self.detail = detail
        self.code = code
    }

    /// A generated enum refuses an unknown value with "Cannot initialize OrgRole from invalid
    /// String value …"; the document lists the values that schema allows.
    private static func allowedValues(_ context: DecodingError.Context, contract: APIContract?) -> String? {
        let prefix = "Cannot initialize "
        guard let contract, context.debugDescription.hasPrefix(prefix),
            let name = context.debugDescription.dropFirst(prefix.count).split(separator: " ").first,
            let values = contract.enumValues[String(name)]
                // An inline nullable enum is generated as `<Schema>Payload`.
                ?? contract.enumValues[String(name.replacing("Payload", with: ""))]
        else { return nil }
        return values.joined(separator: ", ")
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "string"
        case is Int.Type, is Double.Type: "number"
        case is Bool.Type: "boolean"
        default: "value of the documented type"
        }
    }

    func jsonResponse() throws -> Response {
        let response = Response(status: httpStatus)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        response.body = .init(data: try encoder.encode(self))
        response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
        if let retryAfter { response.headers.replaceOrAdd(name: .retryAfter, value: String(retryAfter)) }
        return response
    }
}
