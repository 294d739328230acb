import Foundation
import NIOConcurrencyHelpers
import StewardCore
import Yams

/// Resources/openapi.yaml, read once at start: the document served at GET /openapi.json, and what
/// the API's edge needs to know about each operation before its generated code decodes the
/// request (who may call it, whether it takes a JSON body). The generated types come from the
/// same file (scripts/generate-api), so the contract is written once.
struct APIContract: Sendable {
    /// What the document says about one operation.
    struct Operation: Sendable, Equatable {
        /// `security: []`: answered without an account.
        var isPublic: Bool
        /// Tagged `staff`: answered with 404 to everyone but platform staff, before the body is read.
        var staffOnly: Bool
        /// The media types the request body may have, if the operation takes one.
        var bodyTypes: [String]
        var bodyType: String? { bodyTypes.first }
        /// Takes `limit` and `cursor`.
        var paged: Bool
        /// The top-level fields the JSON body must have.
        var requiredBodyFields: [String] = []
        /// Query parameters other than `limit` and `cursor`.
        var query: [QueryParameter] = []
        /// `minItems`/`maxItems` of the body's top-level arrays (the generated decoder checks types,
        /// not sizes).
        var arraySizes: [String: ClosedRange<Int>] = [:]
    }

    /// A query parameter, as far as a request can get it wrong before any code sees it.
    struct QueryParameter: Sendable, Equatable {
        var name: String
        var required: Bool
        /// The values a string enum allows.
        var allowed: [String]?
    }

    /// The document as JSON, keys sorted.
    let json: Data
    /// By operationId.
    let operations: [String: Operation]
    /// The values of each named enum schema, for "must be one of" messages.
    let enumValues: [String: [String]]

    /// Parsed once per process: every application a test boots reads the same file.
    private static let cache = NIOLockedValueBox<[String: APIContract]>([:])

    static func load(from path: String) throws -> APIContract {
        if let cached = cache.withLockedValue({ $0[path] }) { return cached }
        let contract = try parse(path)
        cache.withLockedValue { $0[path] = contract }
        return contract
    }

    private static func parse(_ path: String) throws -> APIContract {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard let document = try Yams.load(yaml: text) as? [String: Any] else {
            throw ContractError(detail: "\(path) is not an OpenAPI document")
        }
        return try APIContract(document: document)
    }

    struct ContractError: Error, CustomStringConvertible {
        var detail: String
        var description: String { detail }
    }

    init(document: [String: Any]) throws {
        json = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])
        let components = document["components"] as? [String: Any] ?? [:]
        let parameters = components["parameters"] as? [String: Any] ?? [:]
        let schemas = components["schemas"] as? [String: Any] ?? [:]
        enumValues = schemas.compactMapValues { schema in
            (schema as? [String: Any])?["enum"].flatMap { $0 as? [Any] }?.compactMap { $0 as? String }
        }
        let defaultSecurity = document["security"] as? [Any] ?? []
        var operations: [String: Operation] = [:]
        for case let (_, item as [String: Any]) in document["paths"] as? [String: Any] ?? [:] {
            for case let (method, operation as [String: Any]) in item
            where ["get", "put", "post", "patch", "delete"].contains(method) {
                guard let id = operation["operationId"] as? String else { continue }
                let security = operation["security"] as? [Any] ?? defaultSecurity
                let tags = operation["tags"] as? [String] ?? []
                let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any]
                // Parameters declared on the path apply to each of its operations.
                let declared = ((item["parameters"] as? [Any] ?? []) + (operation["parameters"] as? [Any] ?? [])).map {
                    parameter in
                    Self.resolve(parameter as? [String: Any] ?? [:], in: parameters)
                }
                let names = declared.compactMap { $0["name"] as? String }
                let query = declared.filter { $0["in"] as? String == "query" }.compactMap { parameter in
                    (parameter["name"] as? String).map { name in
                        QueryParameter(
                            name: name, required: parameter["required"] as? Bool ?? false,
                            allowed: (parameter["schema"] as? [String: Any])?["enum"] as? [String])
                    }
                }.filter { !["limit", "cursor"].contains($0.name) }
                let bodySchema = Self.resolve(
                    (content?["application/json"] as? [String: Any])?["schema"] as? [String: Any] ?? [:], in: schemas)
                operations[id] = Operation(
                    isPublic: security.isEmpty, staffOnly: tags.contains("staff"),
                    bodyTypes: content.map { $0.keys.sorted() } ?? [],
                    paged: names.contains("limit") || names.contains("cursor"),
                    requiredBodyFields: bodySchema["required"] as? [String] ?? [], query: query,
                    arraySizes: Self.arraySizes(bodySchema))
            }
        }
        self.operations = operations
    }

    private static func arraySizes(_ schema: [String: Any]) -> [String: ClosedRange<Int>] {
        var sizes: [String: ClosedRange<Int>] = [:]
        for case let (name, property as [String: Any]) in schema["properties"] as? [String: Any] ?? [:]
        where property["type"] as? String == "array" && (property["minItems"] != nil || property["maxItems"] != nil) {
            sizes[name] = (property["minItems"] as? Int ?? 0)...(property["maxItems"] as? Int ?? Int.max)
        }
        return sizes
    }

    /// Follows a local `$ref` into `components` (one level, as the document uses them).
    private static func resolve(_ object: [String: Any], in components: [String: Any]) -> [String: Any] {
        guard let ref = object["$ref"] as? String, let name = ref.split(separator: "/").last else { return object }
        return components[String(name)] as? [String: Any] ?? [:]
    }
}
