import Foundation
import StewardCore
import Vapor

/// One page route: its method and path template (`GET /w/:id/members`). Controllers register
/// through it and `Paths` builds links from it, so a link cannot lead where no route is. Every
/// page route is listed in `SiteRoute.pages` (`SiteRoute+Pages.swift`), and a test checks that
/// the server registers exactly that list. The JSON API's route table is its OpenAPI document,
/// checked against the routes the same way.
struct SiteRoute: Hashable, Sendable, CustomStringConvertible {
    let method: HTTPMethod
    let template: String

    init(_ method: HTTPMethod, _ template: String) {
        self.method = method
        self.template = template
    }

    var components: [PathComponent] { template.split(separator: "/").map { PathComponent(stringLiteral: String($0)) } }

    /// How many `:name` parts the path needs.
    var parameterCount: Int { template.split(separator: "/").filter { $0.hasPrefix(":") }.count }

    /// The path with `values` in place of the `:name` parts, in order. Ids print lower-case;
    /// anything outside the URL-safe letters (a token with a stray character) is escaped.
    func path(_ values: any CustomStringConvertible...) -> String { path(values: values) }

    func path(values: [any CustomStringConvertible]) -> String {
        precondition(values.count == parameterCount, "\(self) takes \(parameterCount) values, not \(values.count)")
        var remaining = values[...]
        let parts = template.split(separator: "/").map { part -> String in
            guard part.hasPrefix(":"), let value = remaining.popFirst() else { return String(part) }
            let text = (value as? UUID)?.uuidString.lowercased() ?? value.description
            return text.addingPercentEncoding(withAllowedCharacters: SitePage.urlSafe) ?? ""
        }
        return "/" + parts.joined(separator: "/")
    }

    var description: String { "\(method.rawValue) \(template)" }

    // HTTPMethod is not Hashable; the method's name and the template identify a route.
    func hash(into hasher: inout Hasher) {
        hasher.combine(method.rawValue)
        hasher.combine(template)
    }

    static func == (lhs: SiteRoute, rhs: SiteRoute) -> Bool {
        lhs.method == rhs.method && lhs.template == rhs.template
    }
}

extension RoutesBuilder {
    /// Registers `route`; the only way a page route is added.
    @discardableResult
    func on<Response: AsyncResponseEncodable>(
        _ route: SiteRoute, body: HTTPBodyStreamStrategy = .collect,
        use handler: @Sendable @escaping (Request) async throws -> Response
    ) -> Route {
        on(route.method, route.components, body: body, use: handler)
    }
}
