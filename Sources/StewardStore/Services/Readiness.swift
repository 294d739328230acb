import FluentKit
import FluentSQL
import StewardCore

/// Whether this process may take traffic: its database answers and holds every migration this
/// build knows (a new build started against an old database, before `steward migrate`, is not).
public struct Readiness: Sendable, Equatable {
    public var databaseReachable: Bool
    /// Names of this build's migrations the database has not run, in order.
    public var pendingMigrations: [String]
    public var isReady: Bool { databaseReachable && pendingMigrations.isEmpty }
}

extension StewardServices {
    public func readiness() async -> Readiness {
        let known = StewardMigrations.all.map(\.name)
        do {
            // One statement, bounded by this build's migration list.
            let done = try await MigrationLog.query(on: db).filter(\.$name ~~ known).all(\.$name)
            return Readiness(databaseReachable: true, pendingMigrations: known.filter { !Set(done).contains($0) })
        } catch {
            return Readiness(databaseReachable: false, pendingMigrations: [])
        }
    }
}
