import Foundation
import StewardCore
import Vapor

struct ActionForm: Content {
    /// The page to return to (a same-site path).
    var back: String?
    var role: String?
    var message: String?
    var expiresInDays: String?
    var maxUses: String?
}

extension ActionForm {
    static func number(_ raw: String?, field: String) throws -> Int? {
        let trimmed = (raw ?? "").trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        guard let number = Int(trimmed) else { throw DomainError.invalid(field, "must be a whole number") }
        return number
    }
}

extension Request {
    /// Where an action returns to: the form's `back`, else the page it came from.
    func returnPath(_ form: ActionForm?, fallback: String = Paths.workspaces) -> String {
        if let back = form?.back, !back.isEmpty { return Paths.safeNext(back) }
        return ErrorPage.sameSiteReferer(self) ?? fallback
    }
}
