import Foundation
import StewardCore
import StewardStore
import Vapor

struct InviteOutcome: Codable {
    struct Result: Codable {
        /// The address.
        var e: String
        /// An `AddOutcome`, when it worked.
        var o: String?
        /// An index into `details`, when it did not.
        var d: Int?
    }
    struct Link: Codable {
        var url: String
        var role: String
        var expires: String
        var maxUses: Int?
    }
    /// The members page it belongs to.
    var path: String
    var results: [Result]
    var details: [String]
    var link: Link?

    static let cookie = "steward_invite_outcome"
    /// Browsers keep cookies up to 4 KB; leave room for the name and attributes.
    static let maximumCookieSize = 3800

    private struct StorageKey: Vapor.StorageKey { typealias Value = InviteOutcome }

    static func show(
        _ outcome: InviteOutcome, _ req: Request, render: @escaping @Sendable (Request) async throws -> Response
    ) async throws -> Response {
        let encoded = try JSONEncoder().encode(outcome).base64EncodedString()
        guard encoded.count <= maximumCookieSize else {
            req.storage[StorageKey.self] = outcome
            return try await render(req)
        }
        let response = req.redirect(to: outcome.path, redirectType: .normal)
        response.cookies[cookie] = HTTPCookies.Value(
            string: encoded, maxAge: 120, path: "/", isSecure: req.application.stewardConfig.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }

    /// The outcome for this members page, once: the page clears the cookie.
    static func take(_ req: Request, path: String) -> InviteOutcome? {
        if let outcome = req.storage[StorageKey.self] { return outcome }
        guard let raw = req.cookies[cookie]?.string, let data = Data(base64Encoded: raw),
            let outcome = try? JSONDecoder().decode(InviteOutcome.self, from: data), outcome.path == path
        else { return nil }
        req.consumedCookies.append(cookie)
        return outcome
    }
}

struct InviteOutcomeVM: Encodable {
    struct Item: Encodable {
        var email: String
        var outcome: String
        var explanation: String
        var failed: Bool
    }
    struct Link: Encodable {
        var url: String
        var role: String
        var expires: String
        var uses: String
    }
    var summary: String
    var items: [Item]
    var hasItems: Bool
    var link: Link?

    init(_ outcome: InviteOutcome) {
        items = outcome.results.map { result in
            if let index = result.d {
                let detail = outcome.details.indices.contains(index) ? outcome.details[index] : ""
                return Item(email: result.e, outcome: "not invited", explanation: detail, failed: true)
            }
            switch result.o.flatMap(AddOutcome.init(rawValue:)) {
            case .alreadyMember:
                return Item(
                    email: result.e, outcome: "already a member", explanation: "Nothing to do, they're in.",
                    failed: false)
            case .reactivated:
                return Item(
                    email: result.e, outcome: "reactivated",
                    explanation: "They were a member before and are restored, with the role you picked.", failed: false)
            case .added:
                return Item(
                    email: result.e, outcome: "added",
                    explanation: "They already have an account, so they're in straight away.", failed: false)
            case .invited:
                return Item(
                    email: result.e, outcome: "invited",
                    explanation:
                        "They're new: an invite with a link valid for \(Int(InvitePolicy.emailValidity / 86_400)) "
                        + "days is on its way.", failed: false)
            case nil:
                return Item(email: result.e, outcome: "done", explanation: "", failed: false)
            }
        }
        hasItems = !items.isEmpty
        var counts: [(String, Int)] = []
        for item in items {
            if let i = counts.firstIndex(where: { $0.0 == item.outcome }) {
                counts[i].1 += 1
            } else {
                counts.append((item.outcome, 1))
            }
        }
        summary =
            "\(items.count) address\(items.count == 1 ? "" : "es"): "
            + counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        link = outcome.link.map {
            Link(
                url: $0.url, role: $0.role, expires: $0.expires,
                uses: $0.maxUses.map { "at most \($0) \($0 == 1 ? "person" : "people")" } ?? "no limit on uses")
        }
    }
}
