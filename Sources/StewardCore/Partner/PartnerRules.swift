import Foundation

/// The data-owner fields of an external-client workspace (seeds: external-client workspaces).
public struct DataOwner: Equatable, Sendable {
    public var clientOrgName: String
    public var email: String
    public var agreementAcceptedAt: Date
    public var agreementAcceptedBy: UserID
    public init(clientOrgName: String, email: String, agreementAcceptedAt: Date, agreementAcceptedBy: UserID) {
        self.clientOrgName = clientOrgName
        self.email = email
        self.agreementAcceptedAt = agreementAcceptedAt
        self.agreementAcceptedBy = agreementAcceptedBy
    }
}

/// The partner program's rules (seeds: partner overview, external-client workspaces; NOTES §8).
public enum PartnerRule {
    /// In a partner organisation, its owners/admins and the owners/admins of any of its
    /// workspaces may create an external-client workspace.
    public static func mayCreateExternalClientWorkspace(
        isPartner: Bool, orgRole: OrgRole?, workspaceRolesInOrg: [WorkspaceRole]
    ) -> Bool {
        guard isPartner else { return false }
        if Access.can(orgRole, .createWorkspaces) { return true }
        return workspaceRolesInOrg.contains { Access.can($0, .manageMembers) }
    }

    /// Validates the three data-owner fields. `isPartnerOrgMember` tells whether the address
    /// already belongs to someone in the partner organisation (the data owner is outside it).
    public static func validateDataOwner(
        clientOrgName: String?, dataOwnerEmail: String?, agreementAccepted: Bool?,
        isPartnerOrgMember: (EmailAddress) -> Bool
    ) throws(DomainError) -> (clientOrgName: String, email: EmailAddress) {
        var v = Validator()
        let name = v.name(clientOrgName, field: "externalClient.clientOrgName", max: 200)
        let email = v.email(dataOwnerEmail, field: "externalClient.dataOwnerEmail")
        if let email, isPartnerOrgMember(email) {
            v.refuse(
                "data_owner_in_partner_org", field: "externalClient.dataOwnerEmail",
                "belongs to a member of your organisation; the data owner is someone at the client")
        }
        if agreementAccepted != true {
            v.fail("externalClient.partnerAgreementAccepted", "must be ticked to confirm the partner agreement")
        }
        try v.check()
        return (name, email!)
    }

    /// A project in an external-client workspace holds the client's data: it stays there. After
    /// the handoff the workspace belongs to the client (an internal workspace of their
    /// organisation) and its projects move like any other.
    public static func checkProjectMove(sourceKind: WorkspaceKind) throws(DomainError) {
        if sourceKind == .externalClient {
            throw DomainError(
                .conflict, code: "client_data_stays",
                detail: "This project holds the client's data, so it stays in their external-client workspace. "
                    + "Once the workspace is handed over to the client, they can move it within their organisation.")
        }
    }

    /// The data-owner email is shown only to the workspace's owners/admins and to staff.
    public static func maySeeDataOwner(role: WorkspaceRole?, isStaff: Bool) -> Bool {
        isStaff || Access.can(role, .manageMembers)
    }

    /// Whoever is signed in with the data-owner email (case-insensitive) is the data owner, once
    /// they have proved that address (NOTES §12): an unverified account is never treated as one.
    public static func isDataOwner(userEmail: String, emailVerified: Bool, dataOwnerEmail: String?) -> Bool {
        guard emailVerified, let dataOwnerEmail, let owner = EmailAddress(dataOwnerEmail) else { return false }
        return EmailAddress(userEmail) == owner
    }
}

/// Client logos for whitelabelling (NOTES §8): PNG, JPEG or WebP, recognised by content.
public enum LogoRule {
    public static let maximumBytes = 1_048_576

    public enum Format: String, Sendable {
        case png = "image/png"
        case jpeg = "image/jpeg"
        case webp = "image/webp"
    }

    public static func validate(_ bytes: [UInt8]) throws(DomainError) -> Format {
        if bytes.isEmpty { throw DomainError.invalid("logo", "is empty") }
        if bytes.count > maximumBytes {
            throw DomainError(
                .unprocessable, code: "logo_too_large", detail: "The logo must be at most 1 MB.",
                fieldErrors: [.init(field: "logo", message: "is larger than 1 MB")])
        }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if bytes.count >= 12, bytes[0..<4].elementsEqual(Array("RIFF".utf8)),
            bytes[8..<12].elementsEqual(Array("WEBP".utf8))
        {
            return .webp
        }
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).lowercased()
        let detail =
            head.contains("<svg") || head.contains("<?xml")
            ? "SVG logos are not accepted (they can carry scripts). Upload a PNG, JPEG or WebP."
            : "This file is not a PNG, JPEG or WebP image."
        throw DomainError(
            .unprocessable, code: "logo_unsupported_format", detail: detail,
            fieldErrors: [.init(field: "logo", message: "must be a PNG, JPEG or WebP image")])
    }

    /// Whitelabel shows only on external-client workspaces whose account is changemaker or above;
    /// below that the logo is kept and returns on upgrade.
    public static func showsClientLogo(kind: WorkspaceKind, tier: Tier, hasLogo: Bool) -> Bool {
        hasLogo && kind == .externalClient && Access.can(.owner, .whitelabel, tier: tier)
    }

    public static func checkUpload(kind: WorkspaceKind, role: WorkspaceRole, tier: Tier) throws(DomainError) {
        try Access.require(role, .whitelabel, tier: .guardian)  // the role first: 403 forbidden
        if kind != .externalClient {
            throw DomainError(
                .unprocessable, code: "whitelabel_external_client_only",
                detail: "Internal workspaces use the organisation's branding. Whitelabel is for external-client "
                    + "workspaces.")
        }
        try Access.require(role, .whitelabel, tier: tier)
    }
}

/// Referral deals (NOTES §8): what staff record for a partner and a client workspace.
public struct ReferralDealInput: Sendable {
    public var kickbackPercent: Double?
    public var discountPercent: Double?
    public var kickbackCapEur: Double?
    public var startsAt: Date?
    public var expiresAt: Date?
    public init(
        kickbackPercent: Double?, discountPercent: Double?, kickbackCapEur: Double?, startsAt: Date?, expiresAt: Date?
    ) {
        self.kickbackPercent = kickbackPercent
        self.discountPercent = discountPercent
        self.kickbackCapEur = kickbackCapEur
        self.startsAt = startsAt
        self.expiresAt = expiresAt
    }

    public func validate() throws(DomainError) {
        var v = Validator()
        for (field, value) in [("kickbackPercent", kickbackPercent), ("discountPercent", discountPercent)] {
            guard let value else {
                v.fail(field, "is required")
                continue
            }
            if !(0...100).contains(value) || value.isNaN { v.fail(field, "must be between 0 and 100") }
        }
        if let cap = kickbackCapEur, cap < 0 || cap.isNaN { v.fail("kickbackCapEur", "must be 0 or more") }
        if startsAt == nil { v.fail("startsAt", "is required") }
        if let start = startsAt, let end = expiresAt, end <= start {
            v.refuse("deal_ends_before_start", field: "expiresAt", "must be after startsAt")
        }
        try v.check()
    }

    public static func isActive(startsAt: Date, expiresAt: Date?, at now: Date) -> Bool {
        startsAt <= now && (expiresAt.map { now < $0 } ?? true)
    }
}
