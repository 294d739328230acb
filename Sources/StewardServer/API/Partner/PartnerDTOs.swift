import StewardCore
import StewardStore
import Vapor

// The partner program and the staff console in JSON; inputs keep every field optional (a missing
// one is a 422 naming it).

struct DataOwnerInput: Content {
    var clientOrgName: String?
    var dataOwnerEmail: String?
}
struct MoveInput: Content { var targetWorkspaceId: String? }
struct PartnerFlagInput: Content { var isPartner: Bool? }
struct TierInput: Content {
    var tier: String?
    var reason: String?
}
struct DealInput: Content {
    var partnerOrgId: String?
    var clientWorkspaceId: String?
    var kickbackPercent: Double?
    var discountPercent: Double?
    var kickbackCapEur: Double?
    var startsAt: Date?
    var expiresAt: Date?
    var notes: String?

    var fields: ReferralDealFields {
        ReferralDealFields(
            partnerOrgID: partnerOrgId, clientWorkspaceID: clientWorkspaceId, kickbackPercent: kickbackPercent,
            discountPercent: discountPercent, kickbackCapEur: kickbackCapEur, startsAt: startsAt, expiresAt: expiresAt,
            notes: notes)
    }
}

struct StaffOrgDTO: Content {
    var id: String
    var name: String
    var isPartner: Bool
    var partnerSetBy: UserDTO?
    var partnerSetAt: Date?
    var billingAccountId: String?
    var tier: Tier
    var members: Int
    var workspaces: [StaffWorkspaceDTO]
    init(_ o: StaffOrg) {
        id = o.org.id.description
        name = o.org.name
        isPartner = o.org.isPartner
        partnerSetBy = o.partnerSetBy.map(UserDTO.init)
        partnerSetAt = o.partnerSetAt
        billingAccountId = o.org.billingAccountID?.description
        tier = o.tier
        members = o.members
        workspaces = o.workspaces.map(StaffWorkspaceDTO.init)
    }
}

struct StaffWorkspaceDTO: Content {
    var id: String
    var name: String
    var kind: WorkspaceKind
    var billingAccountId: String?
    /// Staff may see the data-owner fields (NOTES §8); they are not content.
    var dataOwner: DataOwnerDTO?
    init(_ w: Workspace) {
        dataOwner = w.dataOwner.map(DataOwnerDTO.init)
        id = w.id.description
        name = w.name
        kind = w.kind
        billingAccountId = w.billingAccountID?.description
    }
}

struct TierChangeDTO: Content {
    var id: String
    var tier: Tier
    var workspacesAffected: Int
}

struct ReferralDealDTO: Content {
    var id: String
    var partnerOrgId: String
    var partnerOrgName: String
    var clientWorkspaceId: String
    var clientWorkspaceName: String
    var kickbackPercent: Double
    var discountPercent: Double
    var kickbackCapEur: Double?
    var startsAt: Date
    var expiresAt: Date?
    var notes: String
    var isActive: Bool
    init(_ d: ReferralDeal) {
        id = d.id.uuidString.lowercased()
        partnerOrgId = d.partnerOrgID.description
        partnerOrgName = d.partnerOrgName
        clientWorkspaceId = d.clientWorkspaceID.description
        clientWorkspaceName = d.clientWorkspaceName
        kickbackPercent = d.kickbackPercent
        discountPercent = d.discountPercent
        kickbackCapEur = d.kickbackCapEur
        startsAt = d.startsAt
        expiresAt = d.expiresAt
        notes = d.notes
        isActive = d.isActive
    }
}
