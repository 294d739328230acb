import Foundation
import StewardCore
import Testing
import Vapor
import VaporTesting

@testable import StewardServer

/// The pages emails and the services link to (`SitePage`) are built in one place; each must be a
/// page the server registers, or an emailed link would lead nowhere.
@Suite("Site pages")
struct SitePageTests {
    /// One of each case; a new case must be added here (the switch has no default).
    static func everyPage() -> [SitePage] {
        let workspace = WorkspaceID(UUID())
        let org = OrgID(UUID())
        let samples: [SitePage] = [
            .workspaces, .workspace(workspace), .workspaceMembers(workspace, section: "access-requests"), .org(org),
            .orgMembers(org), .orgBilling(org), .account(section: "sessions"), .invitation(token: "a-Token_1"),
            .verifyEmail(token: "b-Token_2"), .resetPassword(), .resetPassword(token: "c-Token_3"),
        ]
        for page in samples {
            switch page {
            case .workspaces, .workspace, .workspaceMembers, .org, .orgMembers, .orgBilling, .account, .invitation,
                .verifyEmail,
                .resetPassword:
                break
            }
        }
        return samples
    }

    @Test("every linked page is a GET route the server registers")
    func everyCaseIsRouted() async throws {
        try await withSteward { app in
            let routes = app.routes.all.filter { $0.method == .GET }.map { $0.path.map(\.description) }
            for page in Self.everyPage() {
                let path = page.path.split(separator: "#")[0]
                let parts = path.split(separator: "/").map(String.init)
                let matched = routes.contains { route in
                    route.count == parts.count
                        && zip(route, parts).allSatisfy { pattern, part in pattern.hasPrefix(":") || pattern == part }
                }
                #expect(matched, "\(page) → \(page.path) is no GET route")
            }
        }
    }

    @Test("absolute links put the base URL before the path, once, and escape what a token cannot hold")
    func absoluteLinks() {
        #expect(SitePage.workspaces.url(base: "https://steward.example/") == "https://steward.example/workspaces")
        #expect(SitePage.invitation(token: "a/b?c").path == "/invitations/a%2Fb%3Fc")
        #expect(SitePage.account(section: "sessions").path == "/account#sessions")
    }
}
