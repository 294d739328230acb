import Foundation
import Testing

@testable import StewardCore

@Suite("Partner program rules")
struct PartnerRulesTests {
    @Test(
        "who may create an external-client workspace: partner orgs only; org owner/admin or any workspace owner/admin")
    func mayCreate() {
        for orgRole in [OrgRole?.none] + OrgRole.allCases.map(Optional.some) {
            for wsRoles in [[], [WorkspaceRole.member], [.admin], [.observer, .owner]] {
                let expected =
                    orgRole == .owner || orgRole == .admin || wsRoles.contains(.admin) || wsRoles.contains(.owner)
                #expect(
                    PartnerRule.mayCreateExternalClientWorkspace(
                        isPartner: true, orgRole: orgRole, workspaceRolesInOrg: wsRoles)
                        == expected, "\(String(describing: orgRole)) \(wsRoles)")
                #expect(
                    !PartnerRule.mayCreateExternalClientWorkspace(
                        isPartner: false, orgRole: orgRole, workspaceRolesInOrg: wsRoles))
            }
        }
    }

    @Test("the three data-owner fields are all required; the owner is outside the partner organisation")
    func dataOwnerValidation() throws {
        let ok = try PartnerRule.validateDataOwner(
            clientOrgName: " City ", dataOwnerEmail: "Dana@Client.org", agreementAccepted: true,
            isPartnerOrgMember: { _ in false })
        #expect(ok.clientOrgName == "City" && ok.email.value == "dana@client.org")
        do {
            _ = try PartnerRule.validateDataOwner(
                clientOrgName: nil, dataOwnerEmail: "not-an-email", agreementAccepted: nil,
                isPartnerOrgMember: { _ in false })
            Issue.record("should have thrown")
        } catch {
            #expect(
                Set(error.fieldErrors.map(\.field))
                    == [
                        "externalClient.clientOrgName", "externalClient.dataOwnerEmail",
                        "externalClient.partnerAgreementAccepted",
                    ])
        }
        #expect(throws: DomainError.self) {
            try PartnerRule.validateDataOwner(
                clientOrgName: "City", dataOwnerEmail: "me@partner.org", agreementAccepted: true,
                isPartnerOrgMember: { $0.value == "me@partner.org" })
        }
    }

    @Test("the data-owner email is for owners/admins and staff; the marker only for that address")
    func dataOwnerVisibility() {
        for role in WorkspaceRole.allCases {
            #expect(PartnerRule.maySeeDataOwner(role: role, isStaff: false) == [.owner, .admin].contains(role))
            #expect(PartnerRule.maySeeDataOwner(role: role, isStaff: true))
        }
        #expect(PartnerRule.maySeeDataOwner(role: nil, isStaff: true))
        #expect(
            PartnerRule.isDataOwner(
                userEmail: "DANA@client.org", emailVerified: true, dataOwnerEmail: "dana@Client.org"))
        #expect(
            !PartnerRule.isDataOwner(
                userEmail: "dan@client.org", emailVerified: true, dataOwnerEmail: "dana@client.org"))
        #expect(!PartnerRule.isDataOwner(userEmail: "dana@client.org", emailVerified: true, dataOwnerEmail: nil))
        // An address nobody has proved is never the data owner's (NOTES §12).
        #expect(
            !PartnerRule.isDataOwner(
                userEmail: "dana@client.org", emailVerified: false, dataOwnerEmail: "dana@client.org"))
    }

    @Test("logos are recognised by content; SVG and other files are refused; at most 1 MB")
    func logoValidation() throws {
        #expect(try LogoRule.validate([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(try LogoRule.validate([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(try LogoRule.validate(Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBPVP8 ".utf8)) == .webp)
        for bad in [Array("<svg></svg>".utf8), Array("<?xml version='1.0'?><svg/>".utf8), Array("GIF89a".utf8), []] {
            #expect(throws: DomainError.self) { try LogoRule.validate(bad) }
        }
        let big =
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + [UInt8](repeating: 0, count: LogoRule.maximumBytes)
        do {
            _ = try LogoRule.validate(big)
            Issue.record("should have thrown")
        } catch { #expect(error.code == "logo_too_large") }
    }

    @Test("whitelabel shows on external-client workspaces at changemaker and above only", arguments: Tier.allCases)
    func whitelabel(tier: Tier) {
        let expected = tier >= .changemaker
        #expect(LogoRule.showsClientLogo(kind: .externalClient, tier: tier, hasLogo: true) == expected)
        #expect(!LogoRule.showsClientLogo(kind: .internal, tier: tier, hasLogo: true))
        #expect(!LogoRule.showsClientLogo(kind: .externalClient, tier: tier, hasLogo: false))
    }

    @Test("referral deals: percents 0–100, cap ≥ 0, expiry after start; active between start and expiry")
    func deals() throws {
        let start = Date(timeIntervalSince1970: 1_000)
        try ReferralDealInput(
            kickbackPercent: 0, discountPercent: 100, kickbackCapEur: 0, startsAt: start, expiresAt: nil
        )
        .validate()
        do {
            try ReferralDealInput(
                kickbackPercent: 101, discountPercent: -0.5, kickbackCapEur: -1, startsAt: start, expiresAt: start
            ).validate()
            Issue.record("should have thrown")
        } catch {
            #expect(
                Set(error.fieldErrors.map(\.field)) == [
                    "kickbackPercent", "discountPercent", "kickbackCapEur", "expiresAt",
                ])
        }
        #expect(ReferralDealInput.isActive(startsAt: start, expiresAt: nil, at: start))
        #expect(
            !ReferralDealInput.isActive(
                startsAt: start, expiresAt: start.addingTimeInterval(10), at: start.addingTimeInterval(10)))
        #expect(!ReferralDealInput.isActive(startsAt: start, expiresAt: nil, at: start.addingTimeInterval(-1)))
    }
}
