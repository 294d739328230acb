import StewardAPI
import StewardCore
import StewardStore
import Vapor

/// A project's reports: build one from its conversations, list, read, publish, delete.
extension APIHandlers {
    func buildReport(_ input: Operations.BuildReport.Input) async throws -> Operations.BuildReport.Output {
        let req = try APIRequest.request
        let report = try await req.services.work.buildReport(
            in: try APIInput.id(input.path.id, "That project"), by: try req.userID)
        return .created(.init(body: .json(.init(report))))
    }

    func listReports(_ input: Operations.ListReports.Input) async throws -> Operations.ListReports.Output {
        let req = try APIRequest.request
        let page = try await req.services.work.reports(
            in: try APIInput.id(input.path.id, "That project"),
            page: try APIInput.page(limit: input.query.limit, cursor: input.query.cursor), by: try req.userID)
        return .ok(
            .init(body: .json(.init(items: page.items.map(Components.Schemas.Report.init), nextCursor: .init(page)))))
    }

    func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        let req = try APIRequest.request
        let report = try await req.services.work.report(
            try APIInput.id(input.path.id, "That report"), by: try req.userID
        ).2
        return .ok(.init(body: .json(.init(report))))
    }

    func deleteReport(_ input: Operations.DeleteReport.Input) async throws -> Operations.DeleteReport.Output {
        let req = try APIRequest.request
        _ = try await req.services.work.deleteReport(try APIInput.id(input.path.id, "That report"), by: try req.userID)
        return .noContent(.init())
    }

    func publishReport(_ input: Operations.PublishReport.Input) async throws -> Operations.PublishReport.Output {
        let req = try APIRequest.request
        let report = try await req.services.work.publishReport(
            try APIInput.id(input.path.id, "That report"), by: try req.userID)
        return .ok(.init(body: .json(.init(report))))
    }
}
