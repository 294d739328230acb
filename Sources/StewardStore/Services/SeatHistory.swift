import FluentKit
import Foundation
import StewardCore

extension StewardServices {
    /// Rewrites when someone held their seats in a workspace, for demo data and imports that
    /// bring history from elsewhere: every seat period of the person there starts at `start`, and
    /// ends at `end` if one is given. Statements read these periods; the current seat counters
    /// (who holds a seat now) do not change.
    public func setSeatHistory(of user: UserID, in workspace: WorkspaceID, from start: Date, to end: Date? = nil)
        async throws
    {
        try await db.transaction { tx in
            let periods = try await SeatPeriodRow.query(on: tx).filter(\.$userID == user.uuid)
                .filter(\.$workspaceID == workspace.uuid).all()
            for period in periods {
                period.startedAt = start
                if let end { period.endedAt = end }
                try await period.save(on: tx)
            }
        }
    }
}
