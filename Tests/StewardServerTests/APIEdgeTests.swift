import Foundation
import StewardCore
import Testing
import VaporTesting

@testable import StewardServer

/// What the API's edge answers before a handler runs, now that generated code decodes requests:
/// the contract's guard and the mapping of the generated code's errors to Steward's problems.
@Suite("API edge: generated decoding and the contract's guard")
struct APIEdgeTests {
    @Test("who is asking comes first: signed out with a broken body is 401, a non-staff caller is 404 on staff routes")
    func accountBeforeBody() async throws {
        try await withSteward { app in
            let signedOut = try await app.send(.POST, "/api/v1/orgs", json: "{not json")
            #expect(signedOut.status == .unauthorized && signedOut.code == "unauthenticated")
            let (token, _) = try await app.registerUser("pat@example.org")
            let staffRoute = try await app.send(
                .POST, "/api/v1/staff/referral-deals", token: token, json: ["partnerOrgId": 5])
            #expect(staffRoute.status == .notFound && staffRoute.code == "not_found")
        }
    }

    @Test("every missing required field is named at once, and an empty body counts as {}")
    func missingFieldsTogether() async throws {
        try await withSteward { app in
            let empty = try await app.send(.POST, "/api/v1/auth/register", json: [String: Any]())
            #expect(empty.status == .unprocessableEntity && empty.code == "validation_failed")
            #expect(empty.fieldErrors == ["email", "password", "name"])
            let (token, _) = try await app.registerUser("sam@example.org")
            let noBody = try await app.send(.POST, "/api/v1/orgs", token: token)
            #expect(noBody.status == .unprocessableEntity && noBody.fieldErrors == ["name"])
            let null = try await app.send(.POST, "/api/v1/orgs", token: token, json: "{\"name\": null}")
            #expect(null.status == .unprocessableEntity && null.fieldErrors == ["name"])
        }
    }

    @Test("a value outside a documented enum is a 422 listing the values; a wrong type names the field")
    func enumsAndTypes() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let role = try await app.send(
                .POST, "/api/v1/orgs/\(world.orgID)/invites", token: world.owner.token,
                json: ["emails": ["new@example.org"], "role": "observer"])
            #expect(role.status == .unprocessableEntity && role.fieldErrors == ["role"])
            #expect(role.json["detail"] as? String == "role: must be one of: member, billing, admin, owner")
            let visibility = try await app.send(
                .PATCH, "/api/v1/workspaces/\(world.internalID)", token: world.owner.token,
                json: ["visibility": "secret"])
            #expect(visibility.status == .unprocessableEntity && visibility.fieldErrors == ["visibility"])
            #expect((visibility.json["detail"] as? String)?.contains("open, inviteOnly, private") == true)
            let type = try await app.send(.POST, "/api/v1/orgs", token: world.owner.token, json: ["name": 5])
            #expect(type.status == .unprocessableEntity && type.fieldErrors == ["name"])
            let array = try await app.send(.POST, "/api/v1/orgs", token: world.owner.token, json: "[]")
            #expect(array.status == .unprocessableEntity && array.fieldErrors == ["body"])
        }
    }

    @Test("an array larger than the document allows is refused, even when its entries repeat")
    func arraySizes() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let path = "/api/v1/orgs/\(world.orgID)/invites"
            let tooMany = try await app.send(
                .POST, path, token: world.owner.token,
                json: ["emails": Array(repeating: "same@example.org", count: 51), "role": "member"])
            #expect(tooMany.status == .unprocessableEntity && tooMany.fieldErrors == ["emails"])
            #expect(tooMany.json["detail"] as? String == "emails: must have at most 50 entries")
            let none = try await app.send(
                .POST, path, token: world.owner.token, json: ["emails": [], "role": "member"])
            #expect(none.status == .unprocessableEntity && none.fieldErrors == ["emails"])
            let fifty = try await app.send(
                .POST, path, token: world.owner.token,
                json: ["emails": Array(repeating: "same@example.org", count: 50), "role": "member"])
            #expect(fifty.status == .ok)
        }
    }

    @Test("query parameters: a required one missing or outside its values is a 422 naming it")
    func queryParameters() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            let limit = try await app.send(
                .GET, "/api/v1/orgs/\(world.orgID)/members?limit=lots", token: world.owner.token)
            #expect(limit.status == .unprocessableEntity && limit.fieldErrors == ["limit"])
            let staff = try await world.staff()
            let preview = "/api/v1/staff/workspaces/\(world.clientID)/transfer-preview"
            let missing = try await app.send(.GET, preview, token: staff.token)
            #expect(missing.status == .unprocessableEntity && missing.fieldErrors == ["keepPartnerMembersAsExternal"])
            let odd = try await app.send(
                .GET, preview + "?keepPartnerMembersAsExternal=maybe", token: staff.token)
            #expect(odd.status == .unprocessableEntity && odd.fieldErrors == ["keepPartnerMembersAsExternal"])
        }
    }

    @Test("bodies: JSON only, at most 1 MB; a client that accepts only HTML is told 406")
    func bodiesAndMediaTypes() async throws {
        try await withSteward { app in
            let (token, _) = try await app.registerUser("kit@example.org")
            var headers: HTTPHeaders = ["Content-Type": "text/plain"]
            headers.bearerAuthorization = BearerAuthorization(token: token)
            try await app.testing().test(
                .POST, "/api/v1/orgs", headers: headers, body: ByteBuffer(string: "{\"name\": \"Plain\"}")
            ) { res in
                #expect(res.status == .badRequest)
                #expect(res.body.string.contains("\"unsupported_media_type\""))
            }
            let huge = "{\"name\": \"" + String(repeating: "a", count: 1_100_000) + "\"}"
            let tooLarge = try await app.send(.POST, "/api/v1/orgs", token: token, json: huge)
            #expect(tooLarge.status == .payloadTooLarge && tooLarge.code == "payload_too_large")
            let html = try await app.send(.GET, "/api/v1/me", token: token, headers: ["Accept": "text/html"])
            #expect(html.status == .notAcceptable && html.code == "not_acceptable" && html.isProblem)
            let json = try await app.send(.POST, "/api/v1/orgs", token: token, json: ["name": "Fine"])
            #expect(json.status == .created && json.string("name") == "Fine")
        }
    }

    @Test("an upload is read by its bytes whatever type the client calls it")
    func uploadsAnyType() async throws {
        try await withSteward { app in
            let world = try await World.make(app)
            _ = try await world.makePartner()
            let id = try await world.createClientWorkspace().string("id")
            for type in ["application/octet-stream", "image/gif"] {
                let reply = try await app.sendBytes(
                    .PUT, "/api/v1/workspaces/\(id)/logo", token: world.owner.token, bytes: tinyPNG, contentType: type)
                // The service answered (the workspace's tier has no whitelabel), not the decoder.
                #expect(reply.code == "tier_required", "\(type): \(reply.text)")
            }
        }
    }
}
