import Fluent
import StewardCore
import StewardStore
import Vapor

/// `steward reindex`: rebuilds derived data (seat holders and their counters) from the base tables.
struct ReindexCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Rebuilds derived data from the base tables (after a bulk import, or to repair it)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        let started = Date()
        try await Maintenance.rebuildDerivedData(on: context.application.db)
        context.console.print("Rebuilt derived data in \(Int(Date().timeIntervalSince(started) * 1000)) ms.")
    }
}
