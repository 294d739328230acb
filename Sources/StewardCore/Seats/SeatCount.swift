/// Seats of one billing account (NOTES §7): paid roles count once per person however many of
/// the account's workspaces they are in; a pending paid invite reserves a seat for an address
/// that holds none yet (once, however many invites); observers are free. Nothing is blocked.
public struct SeatCount: Equatable, Sendable {
    public var seatsUsed: Int
    public var pendingSeats: Int
    public var observers: Int
    /// People by their highest role across the account.
    public var byRole: [WorkspaceRole: Int]

    public var total: Int { seatsUsed + pendingSeats }

    public init(seatsUsed: Int, pendingSeats: Int, observers: Int, byRole: [WorkspaceRole: Int]) {
        self.seatsUsed = seatsUsed
        self.pendingSeats = pendingSeats
        self.observers = observers
        self.byRole = byRole
    }

    public struct Holder: Sendable {
        public var person: String
        public var email: String
        public var role: WorkspaceRole
        public init(person: String, email: String, role: WorkspaceRole) {
            self.person = person
            self.email = email
            self.role = role
        }
    }

    public struct PendingInvite: Sendable {
        public var email: String
        public var role: WorkspaceRole
        public init(email: String, role: WorkspaceRole) {
            self.email = email
            self.role = role
        }
    }

    public static func count(holders: [Holder], pendingInvites: [PendingInvite]) -> SeatCount {
        var highest: [String: WorkspaceRole] = [:]
        for holder in holders {
            if let current = highest[holder.person], !holder.role.isAbove(current) { continue }
            highest[holder.person] = holder.role
        }
        let paidPeople = highest.filter { $0.value.takesSeat }
        let seatEmails = Set(
            holders.filter { paidPeople[$0.person] != nil }.compactMap { EmailAddress($0.email)?.value })
        let reserved = Set(
            pendingInvites.filter { $0.role.takesSeat }.compactMap { EmailAddress($0.email)?.value }
        ).subtracting(seatEmails)
        var byRole: [WorkspaceRole: Int] = [:]
        for role in highest.values { byRole[role, default: 0] += 1 }
        return SeatCount(
            seatsUsed: paidPeople.count, pendingSeats: reserved.count,
            observers: highest.values.filter { !$0.takesSeat }.count, byRole: byRole)
    }
}
