import StewardCore
import StewardStore
import Vapor

/// Members of an organisation or a workspace: list, change a role, remove, add by email, and the
/// pending invites. One set
/// of handlers serves both places; the path says which (`PlaceParameter`).
struct MembersAPIController {
    func register(_ api: any RoutesBuilder) {
        for place in PlaceParameter.allCases {
            let routes = api.grouped(place.apiPrefix)
            routes.get("members") { try await list(req: $0, place: place.place(in: $0)) }
            routes.patch("members", ":userId") { try await changeRole(req: $0, place: place.place(in: $0)) }
            routes.delete("members", ":userId") { try await remove(req: $0, place: place.place(in: $0)) }
            routes.post("invites") { try await add(req: $0, place: place.place(in: $0)) }
            routes.get("invites") { try await pending(req: $0, place: place.place(in: $0)) }
        }
    }

    func list(req: Request, place: Place) async throws -> ItemsDTO<MemberDTO> {
        let members = try await req.services.members.list(place, page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(members, MemberDTO.init)
    }

    func changeRole(req: Request, place: Place) async throws -> MemberDTO {
        let input = try req.input(RoleInput.self)
        return MemberDTO(
            try await req.services.members.changeRole(
                in: place, member: try req.id("userId", "That member"), to: input.role, by: try req.userID))
    }

    func remove(req: Request, place: Place) async throws -> HTTPStatus {
        try await req.services.members.remove(try req.id("userId", "That member"), from: place, by: try req.userID)
        return .noContent
    }

    func add(req: Request, place: Place) async throws -> AddResultsDTO {
        let input = try req.input(AddMembersInput.self)
        let results = try await req.services.invites.invite(
            to: place, emails: input.emails ?? [], role: input.role, by: try req.userID)
        return AddResultsDTO(results: results.map(AddResultDTO.init))
    }

    func pending(req: Request, place: Place) async throws -> ItemsDTO<PendingInviteDTO> {
        let items = try await req.services.invites.pending(in: place, page: try req.pageQuery(), by: try req.userID)
        return ItemsDTO(items, PendingInviteDTO.init)
    }
}
