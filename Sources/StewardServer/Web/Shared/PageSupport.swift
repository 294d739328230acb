import StewardCore
import Vapor

/// What every page's layout needs.
struct LayoutVM: Encodable {
    struct UserVM: Encodable {
        var name: String
        var email: String
        var initials: String
    }
    struct FlashVM: Encodable {
        var kind: String
        var message: String
    }
    struct PathsVM: Encodable {
        var home = Paths.home
        var workspaces = Paths.workspaces
        var login = Paths.login()
        var register = Paths.register
        var logout = Paths.logout
        var newOrg = Paths.orgsNew
        var staff = Paths.staff
        var account = Paths.account
        var resendVerification = Paths.accountVerifyResend
    }
    var title: String
    var paths = PathsVM()
    var user: UserVM?
    var csrf: String
    var flash: FlashVM?
    var signedOutPage: Bool
    /// Staff see a link to the staff console (and nothing more).
    var isStaff = false
    /// The development mailbox, linked from the footer when it is on.
    var devMailboxPath: String?
    /// Signed in with an address not yet proven: a reminder on every page.
    var unverified = false
}

struct PageVM<Page: Encodable>: Encodable {
    var layout: LayoutVM
    var page: Page
}

/// A one-shot message carried across a redirect in a cookie (no server memory needed).
enum Flash {
    static let cookie = "steward_flash"

    static func set(_ response: Response, _ kind: String, _ message: String, secure: Bool) {
        let raw = Data("\(kind)|\(message)".utf8).base64EncodedString()
        response.cookies[cookie] = HTTPCookies.Value(
            string: raw, maxAge: 60, path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    static func take(_ req: Request) -> LayoutVM.FlashVM? {
        guard let raw = req.cookies[cookie]?.string, let data = Data(base64Encoded: raw),
            let text = String(data: data, encoding: .utf8), let bar = text.firstIndex(of: "|")
        else { return nil }
        let kind = String(text[..<bar])
        return LayoutVM.FlashVM(
            kind: kind == "error" ? "error" : "success", message: String(text[text.index(after: bar)...]))
    }
}

extension Request {
    func layout(_ title: String) -> LayoutVM {
        let user = currentUser.map { current in
            let initials = current.user.name.split(separator: " ").prefix(2).compactMap(\.first).map(String.init)
                .joined().uppercased()
            return LayoutVM.UserVM(name: current.user.name, email: current.user.email, initials: initials)
        }
        return LayoutVM(
            title: title, user: user, csrf: csrfToken, flash: Flash.take(self), signedOutPage: currentUser == nil,
            isStaff: currentUser?.user.isStaff ?? false,
            devMailboxPath: application.stewardConfig.devMailboxEnabled ? Paths.devMailbox : nil,
            unverified: currentUser.map { !$0.user.emailVerified } ?? false)
    }

    private struct ConsumedCookiesKey: StorageKey { typealias Value = [String] }

    /// One-shot cookies read while handling this request; `page` clears them on the response.
    var consumedCookies: [String] {
        get { storage[ConsumedCookiesKey.self] ?? [] }
        set { storage[ConsumedCookiesKey.self] = newValue }
    }

    /// Renders a template with the layout, and clears a flash it has shown.
    func page<P: Encodable>(_ template: String, title: String, _ page: P, status: HTTPResponseStatus = .ok)
        async throws -> Response
    {
        let vm = PageVM(layout: layout(title), page: page)
        let response = try await view.render(template, vm).encodeResponse(for: self)
        response.status = status
        if vm.layout.flash != nil { response.cookies[Flash.cookie] = .expired }
        for name in consumedCookies { response.cookies[name] = .expired }
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// 303 to a page, with an optional success message shown there.
    func see(_ path: String, notice: String? = nil) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let notice { Flash.set(response, "success", notice, secure: application.stewardConfig.secureCookies) }
        return response
    }

    func form<T: Decodable>(_ type: T.Type) throws -> T {
        try content.decode(T.self, as: .urlEncodedForm)
    }
}

/// The error page, and the way form errors go back to the form.
enum ErrorPage {
    struct VM: Encodable {
        var status: Int
        var heading: String
        var detail: String
        var code: String
        /// The one thing that resolves the error, when there is one (set up two-factor).
        var actionPath: String? = nil
        var actionLabel: String? = nil
    }

    static func render(_ problem: Problem, on req: Request) async throws -> Response {
        // A refused or invalid form post returns to the form with the reason on top.
        if req.method == .POST, [400, 403, 409, 410, 422, 429].contains(problem.status),
            problem.code != "csrf_failed", let back = sameSiteReferer(req)
        {
            let response = req.redirect(to: back, redirectType: .normal)
            let fields = (problem.errors ?? []).map { "\(humanise($0.field)) \($0.message)" }
            Flash.set(
                response, "error", fields.isEmpty ? problem.detail : fields.joined(separator: ". ") + ".",
                secure: req.application.stewardConfig.secureCookies)
            return response
        }
        let heading: String =
            switch problem.status {
            case 404: "We couldn't find that"
            case 403: "You don't have access to this"
            case 429: "Slow down a moment"
            case 500...: "Something went wrong"
            default: "That didn't work"
            }
        return try await req.page(
            "error", title: heading,
            VM(
                status: problem.status, heading: heading, detail: problem.detail, code: problem.code,
                actionPath: problem.code == DomainError.twoFactorRequired.code ? Paths.accountTwoFactor : nil,
                actionLabel: problem.code == DomainError.twoFactorRequired.code ? "Set up two-factor sign-in" : nil),
            status: problem.httpStatus)
    }

    static func humanise(_ field: String) -> String {
        // Nested fields ("externalClient.clientOrgName") are named by their last part.
        let field = field.split(separator: ".").last.map(String.init) ?? field
        let spaced = field.reduce(into: "") { out, c in
            if c.isUppercase { out += " " + c.lowercased() } else { out.append(c) }
        }
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }

    static func sameSiteReferer(_ req: Request) -> String? {
        guard let raw = req.headers.first(name: .referer), let url = URL(string: raw) else { return nil }
        if let host = url.host, let ours = req.headers.first(name: .host)?.split(separator: ":").first,
            host != String(ours)
        {
            return nil
        }
        let path = url.path.isEmpty ? "/" : url.path
        return Paths.safeNext(path + (url.query.map { "?" + $0 } ?? ""))
    }
}

/// "Next page" under a long list: the same page with the list's cursor moved on. Every other
/// query parameter stays, so two lists on one page page independently.
struct PagerVM: Encodable {
    var next: String?
    var label: String

    init(_ req: Request, param: String = "cursor", next: PageCursor?, label: String = "Next page") {
        self.label = label
        guard let next else { return }
        var components = URLComponents()
        components.path = req.url.path
        var items = (URLComponents(string: req.url.string)?.queryItems ?? []).filter { $0.name != param }
        items.append(URLQueryItem(name: param, value: next.encoded))
        components.queryItems = items
        self.next = components.string
    }
}

extension Request {
    /// A page of a list on a web page: 50 items, from `?<param>=` (a bad cursor is a 422 page).
    func webPage(_ param: String = "cursor") throws -> PageQuery {
        try PageQuery.parse(limit: nil, cursor: query[String.self, at: param])
    }
}
