import Vapor

extension Request {
    /// 303 to a page with an error message shown there.
    func seeError(_ path: String, _ message: String) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        Flash.set(response, "error", message, secure: application.stewardConfig.secureCookies)
        return response
    }
}
