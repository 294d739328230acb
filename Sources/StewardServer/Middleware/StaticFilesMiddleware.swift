import Vapor

/// Serves the stylesheet and script from `Public/` and nothing else. Vapor's file middleware
/// answers 403 for any path with `..` in it (an encoded `%2F` included) before the routes are
/// asked, so an odd id in an API or page path got a generic 403 instead of the 404 every unknown
/// id gets; only the asset folders reach it now.
struct StaticFilesMiddleware: AsyncMiddleware {
    static let folders = ["/css/", "/js/"]
    let files: FileMiddleware

    init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let path = request.url.path
        guard Self.folders.contains(where: { path.hasPrefix($0) }) else {
            return try await next.respond(to: request)
        }
        return try await files.respond(to: request, chainingTo: next)
    }
}
