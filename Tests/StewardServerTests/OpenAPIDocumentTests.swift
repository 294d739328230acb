import Foundation
import Testing
import VaporTesting

@testable import StewardServer

/// Keeps Resources/openapi.json (served at GET /openapi.json) from drifting away from the routes
/// the app registers: a route added without documenting it, or a documented route that is gone,
/// fails here.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// One operation: "GET /api/v1/orgs/{orgId}".
    struct Operation: Hashable, Comparable, CustomStringConvertible {
        var method: String
        var path: String
        var description: String { "\(method) \(path)" }
        static func < (a: Self, b: Self) -> Bool { (a.path, a.method) < (b.path, b.method) }
    }

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    /// Fetches the document through the app, as a client would.
    static func document(_ app: Application) async throws -> [String: Any] {
        let reply = try await app.send(.GET, "/openapi.json")
        #expect(reply.status == .ok)
        #expect(reply.headers.contentType == .json)
        let object = try JSONSerialization.jsonObject(with: Data(reply.text.utf8))
        return try #require(object as? [String: Any], "the document is not a JSON object")
    }

    static func paths(_ document: [String: Any]) throws -> [String: [String: Any]] {
        let paths = try #require(document["paths"] as? [String: Any], "the document has no paths")
        return paths.compactMapValues { $0 as? [String: Any] }
    }

    /// Every (method, path) the document describes.
    static func documentedOperations(_ document: [String: Any]) throws -> Set<Operation> {
        var result: Set<Operation> = []
        for (path, item) in try paths(document) {
            for key in item.keys where httpMethods.contains(key) {
                result.insert(Operation(method: key.uppercased(), path: path))
            }
        }
        return result
    }

    /// Every route the app registered, in OpenAPI spelling (`:id` becomes `{id}`).
    static func registeredOperations(_ app: Application) -> Set<Operation> {
        Set(
            app.routes.all.map { route in
                let components = route.path.map { component -> String in
                    switch component {
                    case .constant(let text): text
                    case .parameter(let name): "{\(name)}"
                    case .anything: "*"
                    case .catchall: "**"
                    }
                }
                return Operation(method: route.method.rawValue, path: "/" + components.joined(separator: "/"))
            })
    }

    static func isAPI(_ operation: Operation) -> Bool { operation.path.hasPrefix("/api/") }

    @Test(
        "documents exactly the /api routes the app registers, plus /healthz, /livez, /readyz, /metrics and /openapi.json"
    )
    func documentMatchesRoutes() async throws {
        try await withSteward { app in
            let document = try await Self.document(app)
            #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
            let documented = try Self.documentedOperations(document)
            let registered = Self.registeredOperations(app)

            let documentedAPI = documented.filter(Self.isAPI)
            let registeredAPI = registered.filter(Self.isAPI)
            #expect(!registeredAPI.isEmpty)
            let undocumented = registeredAPI.subtracting(documentedAPI).sorted()
            let notRegistered = documentedAPI.subtracting(registeredAPI).sorted()
            #expect(undocumented.isEmpty, "registered but not in openapi.json: \(undocumented)")
            #expect(notRegistered.isEmpty, "in openapi.json but not registered: \(notRegistered)")

            // Outside /api, the documented machine endpoints must exist on both sides.
            for fixed in [
                Operation(method: "GET", path: "/healthz"), Operation(method: "GET", path: "/livez"),
                Operation(method: "GET", path: "/readyz"), Operation(method: "GET", path: "/metrics"),
                Operation(method: "GET", path: "/openapi.json"),
            ] {
                #expect(registered.contains(fixed), "\(fixed) is not registered")
                #expect(documented.contains(fixed), "\(fixed) is not documented")
            }
        }
    }

    @Test("every path parameter is declared with its name, in path, required, as a uuid string (a token as plain text)")
    func pathParametersAreDeclared() async throws {
        try await withSteward { app in
            let document = try await Self.document(app)
            for (path, item) in try Self.paths(document) {
                let names = Self.templateNames(path)
                let shared = (item["parameters"] as? [Any]) ?? []
                for (method, value) in item where Self.httpMethods.contains(method) {
                    let operation = value as? [String: Any] ?? [:]
                    let own = (operation["parameters"] as? [Any]) ?? []
                    let declared = (shared + own).compactMap { Self.resolve($0, in: document) as? [String: Any] }
                        .filter { $0["in"] as? String == "path" }
                    let declaredNames = Set(declared.compactMap { $0["name"] as? String })
                    #expect(declaredNames == names, "\(method.uppercased()) \(path): path parameters \(declaredNames)")
                    for parameter in declared {
                        let schema = Self.resolve(parameter["schema"] ?? [:], in: document) as? [String: Any] ?? [:]
                        #expect(
                            parameter["required"] as? Bool == true, "\(path): \(parameter["name"] ?? "?") not required")
                        if parameter["name"] as? String == "token" {
                            // Invitation tokens are opaque text, not uuids.
                            #expect(
                                schema["type"] as? String == "string" && schema["format"] == nil,
                                "\(path): token is not a plain string")
                        } else {
                            #expect(
                                schema["type"] as? String == "string" && schema["format"] as? String == "uuid",
                                "\(path): \(parameter["name"] ?? "?") is not a uuid string")
                        }
                    }
                }
            }
        }
    }

    @Test("every $ref resolves to a defined component")
    func referencesResolve() async throws {
        try await withSteward { app in
            let document = try await Self.document(app)
            var refs: [String] = []
            Self.collectReferences(document, into: &refs)
            #expect(!refs.isEmpty)
            for ref in Set(refs).sorted() {
                #expect(ref.hasPrefix("#/components/"), "\(ref) does not point into components")
                #expect(Self.pointer(ref, in: document) != nil, "\(ref) does not resolve")
            }
        }
    }

    @Test("every operation has a unique operationId and a 2xx response")
    func operationsAreComplete() async throws {
        try await withSteward { app in
            let document = try await Self.document(app)
            var seen: [String: String] = [:]
            for (path, item) in try Self.paths(document) {
                for (method, value) in item where Self.httpMethods.contains(method) {
                    let name = "\(method.uppercased()) \(path)"
                    let operation = value as? [String: Any] ?? [:]
                    if let id = operation["operationId"] as? String, !id.isEmpty {
                        #expect(seen[id] == nil, "operationId \(id) is used by both \(seen[id] ?? "") and \(name)")
                        seen[id] = name
                    } else {
                        Issue.record("\(name) has no operationId")
                    }
                    let responses = (operation["responses"] as? [String: Any]) ?? [:]
                    let success = responses.keys.filter { $0.count == 3 && $0.hasPrefix("2") }
                    #expect(!success.isEmpty, "\(name) has no 2xx response")
                }
            }
        }
    }

    // MARK: Helpers

    /// The `{name}` segments of a path template.
    static func templateNames(_ path: String) -> Set<String> {
        Set(
            path.split(separator: "/").compactMap { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") ? String(segment.dropFirst().dropLast()) : nil
            })
    }

    static func collectReferences(_ value: Any, into refs: inout [String]) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                if key == "$ref", let ref = child as? String {
                    refs.append(ref)
                } else {
                    collectReferences(child, into: &refs)
                }
            }
        } else if let array = value as? [Any] {
            for child in array { collectReferences(child, into: &refs) }
        }
    }

    /// Follows a local JSON pointer ("#/components/schemas/Problem").
    static func pointer(_ ref: String, in document: [String: Any]) -> Any? {
        guard ref.hasPrefix("#/") else { return nil }
        var current: Any = document
        for raw in ref.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let token = raw.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let object = current as? [String: Any], let next = object[token] {
                current = next
            } else if let array = current as? [Any], let index = Int(token), array.indices.contains(index) {
                current = array[index]
            } else {
                return nil
            }
        }
        return current
    }

    /// A value, or what its `$ref` points to.
    static func resolve(_ value: Any, in document: [String: Any]) -> Any? {
        guard let object = value as? [String: Any], let ref = object["$ref"] as? String else { return value }
        return pointer(ref, in: document)
    }
}
