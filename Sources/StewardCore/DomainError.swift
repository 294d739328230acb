/// A rule said no. Carries an HTTP-independent kind, a stable machine `code` and a sentence a
/// person can read; the server maps it to problem+json or an error page.
public struct DomainError: Error, Equatable, Sendable {
    public enum Kind: Sendable, Equatable {
        case badRequest, unauthorized, forbidden, notFound, conflict, gone, unprocessable, tooManyRequests
    }

    public struct FieldError: Equatable, Sendable, Codable {
        public var field: String
        public var message: String
        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var kind: Kind
    public var code: String
    public var detail: String
    public var fieldErrors: [FieldError]
    public var requiredTier: Tier?
    public var retryAfterSeconds: Int?

    public init(
        _ kind: Kind, code: String, detail: String, fieldErrors: [FieldError] = [], requiredTier: Tier? = nil,
        retryAfterSeconds: Int? = nil
    ) {
        self.kind = kind
        self.code = code
        self.detail = detail
        self.fieldErrors = fieldErrors
        self.requiredTier = requiredTier
        self.retryAfterSeconds = retryAfterSeconds
    }

    public static func forbidden(_ detail: String, code: String = "forbidden") -> DomainError {
        DomainError(.forbidden, code: code, detail: detail)
    }

    public static func notFound(_ what: String = "That") -> DomainError {
        DomainError(.notFound, code: "not_found", detail: "\(what) does not exist or you don't have access to it.")
    }

    public static let unauthenticated = DomainError(
        .unauthorized, code: "unauthenticated", detail: "Sign in to continue.")

    public static let lastOwner = DomainError(
        .conflict, code: "last_owner",
        detail: "Every organisation and workspace keeps at least one owner. Make someone else owner first.")

    public static func tierRequired(_ tier: Tier) -> DomainError {
        DomainError(
            .forbidden, code: "tier_required",
            detail: "This needs the \(tier.displayName) plan or above.", requiredTier: tier)
    }

    /// The code of malformed input; a well-formed value refused by a rule has a code of its own.
    public static let validationFailedCode = "validation_failed"

    public static func invalid(_ field: String, _ message: String) -> DomainError {
        DomainError(
            .unprocessable, code: validationFailedCode, detail: "\(field): \(message)",
            fieldErrors: [FieldError(field: field, message: message)])
    }

    public static func invalid(_ errors: [FieldError]) -> DomainError {
        DomainError(
            .unprocessable, code: validationFailedCode,
            detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), fieldErrors: errors)
    }

    public static func tooManyRequests(retryAfter seconds: Int, detail: String) -> DomainError {
        DomainError(.tooManyRequests, code: "rate_limited", detail: detail, retryAfterSeconds: max(1, seconds))
    }
}

extension DomainError: CustomStringConvertible {
    /// Readable in logs and on the command line.
    public var description: String { "\(detail) (\(code))" }
}
