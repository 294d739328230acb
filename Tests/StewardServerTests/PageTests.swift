import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

/// A browser-like session: keeps cookies and sends the CSRF field with every form.
final class WebSession: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    init(_ app: Application) { self.app = app }

    var csrf: String { cookies[CSRFMiddleware.cookieName] ?? "" }

    @discardableResult
    func get(_ path: String) async throws -> Reply { try await send(.GET, path, body: nil) }

    @discardableResult
    func post(_ path: String, _ form: [String: String], csrf includeCSRF: Bool = true, referer: String? = nil)
        async throws -> Reply
    {
        if csrf.isEmpty { try await get("/login") }
        var fields = form
        if includeCSRF { fields["_csrf"] = csrf }
        let body = fields.map {
            "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        return try await send(.POST, path, body: body, referer: referer)
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?, referer: String? = nil) async throws
        -> Reply
    {
        var headers = HTTPHeaders()
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if let referer { headers.add(name: .referer, value: "http://localhost\(referer)") }
        headers.add(name: .host, value: "localhost")
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .urlEncodedForm
            buffer = ByteBuffer(string: body)
        }
        var reply: Reply?
        try await app.testing().test(method, path, headers: headers, body: buffer) { res in
            for (name, value) in res.headers.setCookie?.all ?? [:] {
                if let expires = value.expires, expires < Date() {
                    cookies[name] = nil
                } else {
                    cookies[name] = value.string
                }
            }
            reply = Reply(status: res.status, headers: res.headers, text: res.body.string)
        }
        return reply!
    }

    func signIn(_ email: String, password: String = "correct horse battery") async throws {
        let reply = try await post("/login", ["email": email, "password": password, "next": "/workspaces"])
        #expect(reply.status == .seeOther, "sign in: \(reply.text)")
    }
}

extension Reply {
    var location: String { headers.first(name: .location) ?? "" }
    func contains(_ text: String) -> Bool { self.text.contains(text) }
}

@Suite("Pages")
struct PageTests {
    @Test("signing in needs the CSRF field; the session cookie is HttpOnly and SameSite")
    func signInAndCSRF() async throws {
        try await withSteward { app in
            _ = try await app.registerUser("page@example.com")
            let web = WebSession(app)
            let page = try await web.get("/login")
            #expect(page.status == .ok)
            #expect(page.contains("id=\"login-form\""))
            #expect(!web.csrf.isEmpty)
            let forged = try await web.post(
                "/login", ["email": "page@example.com", "password": "correct horse battery"], csrf: false)
            #expect(forged.status == .forbidden)
            #expect(web.cookies[SessionCookie.name] == nil)
            let ok = try await web.post("/login", ["email": "page@example.com", "password": "correct horse battery"])
            #expect(ok.status == .seeOther)
            #expect(ok.location == "/workspaces")
            let setCookie = ok.headers[.setCookie].joined(separator: "\n")
            #expect(setCookie.contains("steward_session="))
            #expect(setCookie.lowercased().contains("httponly"))
            #expect(setCookie.lowercased().contains("samesite=lax"))
            let home = try await web.get("/workspaces")
            #expect(home.status == .ok)
            #expect(home.contains("Create your first organisation") || home.contains("first organisation"))
            let out = try await web.post("/logout", [:])
            #expect(out.status == .seeOther)
            let after = try await web.get("/workspaces")
            #expect(after.status == .seeOther)
            #expect(after.location.hasPrefix("/login"))
        }
    }

    @Test("a signed-out visitor is sent to sign in and back to where they were going")
    func redirectToSignIn() async throws {
        try await withSteward { app in
            let web = WebSession(app)
            let reply = try await web.get("/w/\(UUID().uuidString)")
            #expect(reply.status == .seeOther)
            #expect(reply.location.hasPrefix("/login?next=%2Fw%2F"))
            let offsite = try await web.get("/login?next=//evil.example")
            #expect(offsite.contains("value=\"/workspaces\""))
        }
    }

    @Test("every page renders for the owner, and a bad form comes back with the reason")
    func ownerPages() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.internalID, name: "Parks")
            let conversation = try await world.recordConversation(in: project)
            let report = try await world.buildReport(in: project)
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            let pages = [
                "/workspaces", "/orgs/new", "/orgs/\(world.orgID)", "/orgs/\(world.orgID)/members",
                "/orgs/\(world.orgID)/audit", "/w/\(world.internalID)", "/w/\(world.internalID)/members",
                "/w/\(world.internalID)/settings", "/w/\(world.internalID)/audit", "/projects/\(project)",
                "/projects/\(project)/edit", "/conversations/\(conversation)", "/reports/\(report)",
            ]
            for path in pages {
                let reply = try await web.get(path)
                #expect(reply.status == .ok, "\(path): \(reply.text.prefix(300))")
                #expect(reply.contains("<h1"), "\(path) has a heading")
            }
            let bad = try await web.post(
                "/w/\(world.internalID)/projects", ["name": ""], referer: "/w/\(world.internalID)")
            #expect(bad.status == .seeOther)
            #expect(bad.location == "/w/\(world.internalID)")
            let shown = try await web.get("/w/\(world.internalID)")
            #expect(shown.contains("role=\"alert\""))
            #expect(shown.contains("Name is required"))
            let created = try await web.post("/w/\(world.internalID)/projects", ["name": "Libraries"])
            #expect(created.status == .seeOther)
            #expect(created.location.hasPrefix("/projects/"))
            let missing = try await web.get("/projects/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(missing.contains("find that"))
        }
    }

    @Test("pages show each role only what it may do")
    func controlsFollowTheMatrix() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let project = try await world.createProject(in: world.clientID, name: "Parks")
            let report = try await world.buildReport(in: project)
            struct Expectation {
                var role: WorkspaceRole
                var createProject, deleteProject, record, build, ask, manage, deleteReport: Bool
            }
            let expectations: [Expectation] = [
                .init(
                    role: .owner, createProject: true, deleteProject: true, record: true, build: true, ask: true,
                    manage: true, deleteReport: true),
                .init(
                    role: .admin, createProject: true, deleteProject: true, record: true, build: true, ask: true,
                    manage: true, deleteReport: true),
                .init(
                    role: .member, createProject: true, deleteProject: false, record: true, build: true, ask: true,
                    manage: false, deleteReport: false),
                .init(
                    role: .external, createProject: false, deleteProject: false, record: false, build: true, ask: true,
                    manage: false, deleteReport: false),
                .init(
                    role: .observer, createProject: false, deleteProject: false, record: false, build: false,
                    ask: false, manage: false, deleteReport: false),
            ]
            for e in expectations {
                let web = WebSession(app)
                try await web.signIn(world.people[e.role]!.email)
                let workspace = try await web.get("/w/\(world.clientID)")
                let seesUsage = [.owner, .admin, .member].contains(e.role)
                #expect(workspace.contains("id=\"usage\"") == seesUsage, "\(e.role) usage")
                #expect(workspace.contains("id=\"create-project-form\"") == e.createProject, "\(e.role)")
                let page = try await web.get("/projects/\(project)")
                #expect(page.status == .ok)
                #expect(page.contains("data-testid=\"delete-project\"") == e.deleteProject, "\(e.role)")
                #expect(page.contains("id=\"record-form\"") == e.record, "\(e.role)")
                #expect(page.contains("id=\"build-report-form\"") == e.build, "\(e.role)")
                #expect(page.contains("id=\"ask-form\"") == e.ask, "\(e.role)")
                let members = try await web.get("/w/\(world.clientID)/members")
                #expect(members.contains("invite-email-form") == e.manage, "\(e.role)")
                let reportPage = try await web.get("/reports/\(report)")
                #expect(reportPage.contains("data-testid=\"delete-report\"") == e.deleteReport, "\(e.role)")
                // And the server refuses what the page hides.
                if !e.deleteProject {
                    let refused = try await web.post("/projects/\(project)/delete", [:])
                    #expect(refused.status == .forbidden || refused.status == .seeOther, "\(e.role)")
                    #expect(try await web.get("/projects/\(project)").status == .ok, "project survives \(e.role)")
                }
            }
            let billing = WebSession(app)
            try await billing.signIn(world.people[.billing]!.email)
            let page = try await billing.get("/w/\(world.clientID)")
            #expect(page.status == .ok)
            #expect(!page.contains("project-link"))
            #expect(page.contains("id=\"usage\""), "billing sees usage")
            #expect(try await billing.get("/projects/\(project)").status == .forbidden)
        }
    }
}

@Suite("Members page seats")
struct MembersSeatLineTests {
    @Test("the members page counts seats on the billing account, with pending invites reserved")
    func seatLine() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let web = WebSession(app)
            try await web.signIn(world.owner.email)
            #expect(
                try await web.get("/w/\(world.internalID)/members").contains("Seats on the billing account: 5 in use ·")
            )
            _ = try await app.send(
                .POST, "/api/v1/workspaces/\(world.internalID)/invites", token: world.owner.token,
                json: ["emails": ["soon@example.com"], "role": "member"])
            let after = try await web.get("/w/\(world.internalID)/members")
            #expect(after.contains("5 in use + 1 reserved by pending invites"))
            let external = WebSession(app)
            try await external.signIn(world.people[.external]!.email)
            #expect(
                !(try await external.get("/w/\(world.internalID)/members").contains("Seats on the billing account")))
        }
    }
}
