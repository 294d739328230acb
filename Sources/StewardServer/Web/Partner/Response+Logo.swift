import StewardStore
import Vapor

extension Response {
    /// A logo as a plain image, for the pages (the settings previews, the portal). The JSON API
    /// answers logos from its generated operations (API/Partner/PartnerAPI+Logos.swift).
    static func image(_ logo: Logo) -> Response {
        let response = Response(status: .ok, body: .init(data: logo.data))
        response.headers.replaceOrAdd(name: .contentType, value: logo.contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: Logo.cacheControl)
        return response
    }
}
