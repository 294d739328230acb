import Foundation
import OpenAPIRuntime
import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// Logos for whitelabelling (NOTES §8): a client workspace's and an organisation's own. The upload
/// arrives as raw bytes (OperationGuard has read them, at most 2 MB); the service recognises the
/// image by its content whatever type the request claimed, and the answer carries the stored type.
extension APIHandlers {
    func putWorkspaceLogo(_ input: Operations.PutWorkspaceLogo.Input) async throws
        -> Operations.PutWorkspaceLogo.Output
    {
        let req = try APIRequest.request
        let upload: HTTPBody =
            switch input.body {
            case .png(let body), .jpeg(let body), .imageWebp(let body): body
            }
        let bytes = try await Logo.bytes(of: upload)
        let logo = try await req.services.partner.putLogo(
            try APIInput.id(input.path.id, "That workspace"), bytes: bytes, by: try req.userID)
        let body: Operations.PutWorkspaceLogo.Output.Ok.Body = try logo.body(
            png: { .png($0) }, jpeg: { .jpeg($0) }, webp: { .imageWebp($0) })
        return .ok(.init(headers: .init(cacheControl: Logo.cacheControl), body: body))
    }

    func getWorkspaceLogo(_ input: Operations.GetWorkspaceLogo.Input) async throws
        -> Operations.GetWorkspaceLogo.Output
    {
        let req = try APIRequest.request
        guard
            let logo = try await req.services.partner.logo(
                try APIInput.id(input.path.id, "That workspace"), by: try req.userID)
        else { throw DomainError.notFound("A logo shown for this workspace") }
        let body: Operations.GetWorkspaceLogo.Output.Ok.Body = try logo.body(
            png: { .png($0) }, jpeg: { .jpeg($0) }, webp: { .imageWebp($0) })
        return .ok(.init(headers: .init(cacheControl: Logo.cacheControl), body: body))
    }

    func deleteWorkspaceLogo(_ input: Operations.DeleteWorkspaceLogo.Input) async throws
        -> Operations.DeleteWorkspaceLogo.Output
    {
        let req = try APIRequest.request
        try await req.services.partner.deleteLogo(try APIInput.id(input.path.id, "That workspace"), by: try req.userID)
        return .noContent(.init())
    }

    func putOrgLogo(_ input: Operations.PutOrgLogo.Input) async throws -> Operations.PutOrgLogo.Output {
        let req = try APIRequest.request
        let upload: HTTPBody =
            switch input.body {
            case .png(let body), .jpeg(let body), .imageWebp(let body): body
            }
        let bytes = try await Logo.bytes(of: upload)
        let logo = try await req.services.partner.putOrgLogo(
            try APIInput.id(input.path.orgId, "That organisation"), bytes: bytes, by: try req.userID)
        let body: Operations.PutOrgLogo.Output.Ok.Body = try logo.body(
            png: { .png($0) }, jpeg: { .jpeg($0) }, webp: { .imageWebp($0) })
        return .ok(.init(headers: .init(cacheControl: Logo.cacheControl), body: body))
    }

    func getOrgLogo(_ input: Operations.GetOrgLogo.Input) async throws -> Operations.GetOrgLogo.Output {
        let req = try APIRequest.request
        guard
            let logo = try await req.services.partner.orgLogo(
                try APIInput.id(input.path.orgId, "That organisation"), by: try req.userID)
        else { throw DomainError.notFound("A logo for this organisation") }
        let body: Operations.GetOrgLogo.Output.Ok.Body = try logo.body(
            png: { .png($0) }, jpeg: { .jpeg($0) }, webp: { .imageWebp($0) })
        return .ok(.init(headers: .init(cacheControl: Logo.cacheControl), body: body))
    }

    func deleteOrgLogo(_ input: Operations.DeleteOrgLogo.Input) async throws -> Operations.DeleteOrgLogo.Output {
        let req = try APIRequest.request
        try await req.services.partner.deleteOrgLogo(
            try APIInput.id(input.path.orgId, "That organisation"), by: try req.userID)
        return .noContent(.init())
    }
}

extension Logo {
    /// Private to whoever may see it, and short, so a replaced logo shows within a minute.
    static let cacheControl = "private, max-age=60"

    /// An upload's bytes; OperationGuard has already refused anything larger.
    static func bytes(of upload: HTTPBody) async throws -> [UInt8] {
        try await [UInt8](collecting: upload, upTo: OperationGuard.uploadLimit)
    }

    /// The image as the answer's body, in the case of its stored type. The service stores only
    /// the types an upload was recognised as (`LogoRule.Format`).
    func body<Body>(png: (HTTPBody) -> Body, jpeg: (HTTPBody) -> Body, webp: (HTTPBody) -> Body) throws -> Body {
        let image = HTTPBody(data)
        switch LogoRule.Format(rawValue: contentType) {
        case .png: return png(image)
        case .jpeg: return jpeg(image)
        case .webp: return webp(image)
        case nil: throw Abort(.internalServerError, reason: "A logo is stored as \(contentType).")
        }
    }
}
