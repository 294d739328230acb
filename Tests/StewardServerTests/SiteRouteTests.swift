import Foundation
import StewardCore
import Testing
import Vapor
import VaporTesting

@testable import StewardServer

/// Page routes are registered only through `SiteRoute`, and links are built from the same values.
@Suite("Site routes")
struct SiteRouteTests {
    /// What the server registers outside the JSON API (whose table is the OpenAPI document) and
    /// the four operational endpoints.
    static func pageRoutes(_ app: Application) -> Set<String> {
        let operational: Set<String> = ["/livez", "/healthz", "/readyz", "/metrics", "/openapi.json"]
        return Set(
            app.routes.all.map { route in
                "\(route.method.rawValue) /" + route.path.map(\.description).joined(separator: "/")
            }.filter { entry in
                let path = String(entry.split(separator: " ", maxSplits: 1)[1])
                return !path.hasPrefix("/api/") && !operational.contains(path)
            })
    }

    @Test("the server registers exactly the page routes SiteRoute lists, each once")
    func registeredRoutesAreTheList() async throws {
        try await withSteward { app in
            let listed = SiteRoute.pages.map(\.description)
            #expect(Set(listed).count == listed.count, "a route is listed twice")
            let registered = Self.pageRoutes(app)
            #expect(
                registered.subtracting(listed).isEmpty, "registered but not listed: \(registered.subtracting(listed))")
            #expect(Set(listed).subtracting(registered).isEmpty, "listed but not registered")
            let all = app.routes.all.map {
                "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/")
            }
            #expect(Set(all).count == all.count, "a route is registered twice")
        }
    }

    @Test("every route's link puts each value in its place and keeps the rest of the template")
    func linksFollowTheirTemplates() {
        for route in SiteRoute.pages {
            let values = (0..<route.parameterCount).map { _ in UUID() }
            let link = route.path(values: values)
            let template = route.template.split(separator: "/")
            let parts = link.split(separator: "/")
            #expect(parts.count == template.count, "\(route) → \(link)")
            var next = values.makeIterator()
            for (pattern, part) in zip(template, parts) {
                let expected = pattern.hasPrefix(":") ? next.next()!.uuidString.lowercased() : String(pattern)
                #expect(String(part) == expected, "\(route) → \(link)")
            }
        }
        #expect(SiteRoute.invitation.path("a/b?c") == "/invitations/a%2Fb%3Fc")
        #expect(SiteRoute.home.path() == "/")
    }

    @Test("the members routes of both places are one set, prefixed by the place")
    func memberRoutesPerPlace() {
        let org = OrgID(UUID())
        let workspace = WorkspaceID(UUID())
        #expect(PlaceParameter.org.membersPage.path(org) == SitePage.orgMembers(org).path)
        #expect(PlaceParameter.workspace.membersPage.path(workspace) == SitePage.workspaceMembers(workspace).path)
        #expect(Paths.members(.org(org)) == PlaceParameter(.org(org)).membersPage.path(org))
    }
}
