import Foundation
import StewardCore

/// NOTES §5 and §11: every invite-like email (invites, re-sends, "added" notices, data-owner
/// invites) counts against the limits of one address per organisation and per inviting account
/// across all their organisations, and against the daily caps of the organisation and of the
/// inviting account. Each is counted and checked in one step.
struct InviteQuota {
    let limiter: RateLimiter
    let policy: RateLimitPolicy

    struct Counted {
        fileprivate var keys: [String]
    }

    private func caps(org: UUID, inviter: UUID) -> [(String, RateLimitPolicy.Limit, String)] {
        [
            (
                "invite-org:\(org)", policy.invitesPerDay,
                "This organisation sent its daily maximum of invitation emails. Try again tomorrow."
            ),
            (
                "invite-inviter:\(inviter)", policy.invitesPerDay,
                "You sent your daily maximum of invitation emails. Try again tomorrow."
            ),
        ]
    }

    /// A whole request refused before anything is sent when a daily cap is already reached.
    func checkRequest(org: UUID, inviter: UUID) async throws {
        for (key, limit, detail) in caps(org: org, inviter: inviter) {
            try await limiter.check(key, limit, detail: detail)
        }
    }

    /// Counts one email to `email`; 429 (and nothing counted) when any limit would be passed.
    func take(org: UUID, inviter: UUID, email: String) async throws -> Counted {
        let perAddress =
            "This address already got \(policy.invitesPerAddress.count) emails from this organisation or from you "
            + "today. Try again tomorrow."
        let limits =
            [
                ("invite-address:\(org):\(email)", policy.invitesPerAddress, perAddress),
                ("invite-inviter-address:\(inviter):\(email)", policy.invitesPerAddress, perAddress),
            ] + caps(org: org, inviter: inviter)
        var taken = Counted(keys: [])
        do {
            for (key, limit, detail) in limits {
                taken.keys.append(key)
                try await limiter.take(key, limit, detail: detail)
            }
        } catch {
            try await giveBack(taken)
            throw error
        }
        return taken
    }

    /// Nothing was sent after all (already a member, a refused address, a failed write).
    func giveBack(_ counted: Counted) async throws {
        for key in counted.keys { try await limiter.giveBack(key) }
    }
}
