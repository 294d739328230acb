import FluentKit
import Foundation
import StewardCore

public struct TransferPreview: Sendable {
    public var newOwner: User
    public var targetOrgName: String
    public var removed: [User]
    public var keptAsExternal: [User]
    /// What stops the handoff as planned (the data owner's address unproven, NOTES §12).
    public var blockers: [DomainError]
}

/// Handoff (NOTES §8): staff transfer an external-client workspace to its client.
extension StaffService {
    struct TransferPlan {
        var workspace: WorkspaceRow
        var dataOwner: UserRow
        var targetOrg: OrgRow?
        var newOrgName: String?
        var removed: [UserRow]
        var keptAsExternal: [UserRow]
    }

    func plan(_ id: WorkspaceID, targetOrgID: String?, newOrgName: String?, keepPartnerMembersAsExternal: Bool?)
        async throws -> TransferPlan
    {
        guard let ws = try await WorkspaceRow.find(id.uuid, on: db) else {
            throw DomainError.notFound("That workspace")
        }
        guard ws.kind == WorkspaceKind.externalClient.rawValue, let ownerEmail = ws.dataOwnerEmail else {
            throw DomainError(
                .unprocessable, code: "not_external_client",
                detail: "Only external-client workspaces with a data owner can be handed over.")
        }
        guard let owner = try await AccountQueries.user(withStoredEmail: ownerEmail, on: db) else {
            throw DomainError(
                .conflict, code: "data_owner_has_no_account",
                detail: "The data owner (\(ownerEmail)) has no Steward account yet. They need one before the handoff.")
        }
        var v = Validator()
        var target: OrgRow?
        var name: String?
        switch (targetOrgID, newOrgName) {
        case (let raw?, nil):
            target = try await UUID(uuidString: raw).asyncMap { try await OrgRow.find($0, on: db) } ?? nil
            if let target {
                let role = try await MembershipQueries.activeOrgRole(org: target.id!, user: owner.id!, on: db)
                if !Access.can(role, .manageMembers) {
                    v.refuse(
                        "transfer_target_not_managed", field: "targetOrgId",
                        "the data owner must be an owner or admin of that organisation")
                }
                if target.id == ws.orgID {
                    v.refuse("transfer_target_is_partner", field: "targetOrgId", "is the partner organisation itself")
                }
            } else {
                v.refuse("transfer_target_unknown", field: "targetOrgId", "is not an organisation")
            }
        case (nil, let raw?):
            name = v.name(raw, field: "newOrgName")
        default:
            v.refuse("transfer_target_required", field: "targetOrgId", "give either targetOrgId or newOrgName")
        }
        if keepPartnerMembersAsExternal == nil { v.fail("keepPartnerMembersAsExternal", "is required") }
        try v.check()
        let memberships = try await MembershipQueries.activeWorkspaceMemberships(of: id.uuid, on: db)
        let users = try await AccountQueries.users(memberships.map(\.userID), on: db)
        let byID = Dictionary(uniqueKeysWithValues: users.map { ($0.id!, $0) })
        var removed: [UserRow] = []
        var kept: [UserRow] = []
        for m in memberships where m.userID != owner.id! {
            guard let user = byID[m.userID] else { continue }
            if m.role == WorkspaceRole.observer.rawValue || keepPartnerMembersAsExternal != true {
                removed.append(user)  // other observers are removed; the new owner can re-invite them
            } else {
                kept.append(user)
            }
        }
        return TransferPlan(
            workspace: ws, dataOwner: owner, targetOrg: target, newOrgName: name, removed: removed,
            keptAsExternal: kept)
    }

    public func transferPreview(
        _ id: WorkspaceID, targetOrgID: String?, newOrgName: String?, keepPartnerMembersAsExternal: Bool?,
        by actor: UserID
    ) async throws -> TransferPreview {
        try await requireStaff(actor)
        let p = try await plan(
            id, targetOrgID: targetOrgID, newOrgName: newOrgName,
            keepPartnerMembersAsExternal: keepPartnerMembersAsExternal)
        var blockers: [DomainError] = []
        do { try IdentityRule.checkHandoff(dataOwnerVerified: p.dataOwner.emailVerifiedAt != nil) } catch {
            blockers.append(error)
        }
        return TransferPreview(
            newOwner: p.dataOwner.value, targetOrgName: p.targetOrg?.name ?? p.newOrgName ?? "",
            removed: p.removed.map(\.value), keptAsExternal: p.keptAsExternal.map(\.value), blockers: blockers)
    }

    /// Moves the workspace, its projects and its own billing account to the client organisation;
    /// the data owner becomes its owner; the data-owner fields are cleared (the audit log keeps
    /// them); observers leave; the partner's people stay as externals only if staff choose so.
    public func transfer(
        _ id: WorkspaceID, targetOrgID: String?, newOrgName: String?, keepPartnerMembersAsExternal: Bool?,
        by actor: UserID
    ) async throws -> (workspace: Workspace, orgID: OrgID) {
        try await requireStaff(actor)
        let p = try await plan(
            id, targetOrgID: targetOrgID, newOrgName: newOrgName,
            keepPartnerMembersAsExternal: keepPartnerMembersAsExternal)
        try IdentityRule.checkHandoff(dataOwnerVerified: p.dataOwner.emailVerifiedAt != nil)
        let now = env.clock.now()
        let partnerOrg = p.workspace.orgID
        let partnerName = try await OrgRow.find(partnerOrg, on: db)?.name ?? "the partner"
        let partnerAdmins = try await MembershipQueries.activeOrgMemberships(of: partnerOrg, on: db)
            .filter { Access.can(OrgRole(rawValue: $0.role), .manageMembers) }.map(\.userID)
        let notifyPartner = try await AccountQueries.users(partnerAdmins, on: db)
        let targetID: UUID = try await db.transaction { tx in
            let log = AuditLog(db: tx, clock: env.clock)
            let org: OrgRow
            if let existing = p.targetOrg {
                org = existing
            } else {
                org = try await OrgService.insert(name: p.newOrgName!, owner: p.dataOwner.id!, now: now, on: tx)
                // The client logo becomes the new organisation's logo (an existing one keeps its own).
                if let logo = try await BrandingQueries.workspaceLogo(p.workspace.id!, on: tx) {
                    let orgLogo = OrgLogoRow()
                    orgLogo.orgID = org.id!
                    orgLogo.contentType = logo.contentType
                    orgLogo.data = logo.data
                    orgLogo.uploadedBy = actor.uuid
                    orgLogo.uploadedAt = now
                    try await orgLogo.create(on: tx)
                }
                try await log.record(
                    "org.created", actor: actor, org: org.id, workspace: nil,
                    target: .init(type: "org", id: org.id!.uuidString.lowercased(), label: org.name),
                    after: "\(org.name) (handoff of \(p.workspace.name))")
            }
            let before = "\(partnerName) / \(p.workspace.clientOrgName ?? "") / \(p.workspace.dataOwnerEmail ?? "")"
            let ws = p.workspace
            ws.orgID = org.id!
            ws.kind = WorkspaceKind.internal.rawValue
            ws.clientOrgName = nil
            ws.dataOwnerEmail = nil
            ws.agreementAcceptedAt = nil
            ws.agreementAcceptedBy = nil
            try await ws.save(on: tx)
            if let accountID = ws.billingAccountID {
                try await HandoffQueries.moveBillingAccount(accountID, to: org.id!, on: tx)
            }
            // What the partner had pending for the workspace ends with the handoff: the client's
            // owner invites anew; the partner's links must not let anyone into the client's data;
            // requests from the partner's people (who can no longer see it) lapse.
            let invites = InviteService(db: tx, env: env)
            for invite in try await HandoffQueries.pendingInvites(to: ws.id!, on: tx) {
                _ = try await invites.settle(invite, as: .cancelled, on: tx)
            }
            try await HandoffQueries.revokeLinks(to: ws.id!, at: now, on: tx)
            try await HandoffQueries.lapsePendingRequests(to: ws.id!, movingTo: org.id!, on: tx)
            let ownerRow =
                try await MembershipQueries.workspaceMembership(ws.id!, user: p.dataOwner.id!, on: tx)
                ?? WorkspaceMemberRow()
            if ownerRow.id == nil {
                ownerRow.workspaceID = ws.id!
                ownerRow.userID = p.dataOwner.id!
                ownerRow.createdAt = now
            }
            ownerRow.role = WorkspaceRole.owner.rawValue
            ownerRow.removedAt = nil
            try await ownerRow.save(on: tx)
            let ledger = SeatLedger(db: tx, now: now)
            try await ledger.changed(workspace: ws.id!, user: p.dataOwner.id!, to: .owner)
            for user in p.removed {
                try await HandoffQueries.endWorkspaceMembership(ws.id!, user: user.id!, at: now, on: tx)
                try await ledger.changed(workspace: ws.id!, user: user.id!, to: nil)
            }
            for user in p.keptAsExternal {
                // Someone already in the client organisation keeps an inside role there.
                let inClientOrg = try await MembershipQueries.activeOrgRole(org: org.id!, user: user.id!, on: tx) != nil
                let role: WorkspaceRole = inClientOrg ? .member : .external
                try await HandoffQueries.setWorkspaceRole(role, workspace: ws.id!, user: user.id!, on: tx)
                try await ledger.changed(workspace: ws.id!, user: user.id!, to: role)
            }
            let target = AuditLog.Target(type: "workspace", id: ws.id!.uuidString.lowercased(), label: ws.name)
            let after =
                "\(org.name); owner \(p.dataOwner.email); removed \(p.removed.count); kept as external \(p.keptAsExternal.count)"
            for orgID in [partnerOrg, org.id!] {
                try await log.record(
                    "workspace.transferred", actor: actor, org: orgID, workspace: ws.id, target: target, before: before,
                    after: after)
            }
            // Read after the move: the workspace now carries its new organisation's branding.
            let brand = try await Branding.email(workspace: ws.id!, on: tx)
            try await Outbox.enqueue(
                Emails.handoffToClient(
                    to: p.dataOwner.email, workspace: ws.name, organisation: org.name,
                    link: env.link(.workspace(WorkspaceID(ws.id!))), brand: brand), on: tx, now: now)
            let keptIDs = Set(p.keptAsExternal.compactMap(\.id))
            for person in notifyPartner + p.removed + p.keptAsExternal {
                guard person.id != p.dataOwner.id else { continue }
                try await Outbox.enqueue(
                    Emails.handoffToPartner(
                        to: person.email, workspace: ws.name, client: org.name,
                        keptAsExternal: keptIDs.contains(person.id!), brand: brand),
                    on: tx, now: now)
            }
            return org.id!
        }
        guard let ws = try await WorkspaceRow.find(id.uuid, on: db) else {
            throw DomainError.notFound("That workspace")
        }
        return (ws.value, OrgID(targetID))
    }
}
