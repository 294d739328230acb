import FluentKit
import Foundation
import StewardCore

/// What the create form's "Is this for an external client?" step carries.
public struct ExternalClientFields: Sendable {
    public var clientOrgName: String?
    public var dataOwnerEmail: String?
    public var partnerAgreementAccepted: Bool?
    public init(clientOrgName: String?, dataOwnerEmail: String?, partnerAgreementAccepted: Bool?) {
        self.clientOrgName = clientOrgName
        self.dataOwnerEmail = dataOwnerEmail
        self.partnerAgreementAccepted = partnerAgreementAccepted
    }
}

public struct Logo: Sendable {
    public var contentType: String
    public var data: Data
    public var uploadedAt: Date
}

/// The public face of a project: its participant portal.
public struct PortalProject: Sendable {
    public var project: Project
    public var workspaceName: String
    /// The client's logo when whitelabel applies.
    public var showsClientLogo: Bool
    /// Any logo: the client's, or the organisation's own.
    public var showsLogo: Bool
    public var brandName: String
}

/// External-client workspaces, data owners, whitelabel, moving projects and the portal (NOTES §8).
public struct PartnerService: Sendable {
    let db: any Database
    let env: ServiceEnvironment

    var limiter: RateLimiter {
        RateLimiter(db: db, clock: env.clock, enabled: env.rateLimits.enabled, events: env.events)
    }
    var quota: InviteQuota { InviteQuota(limiter: limiter, policy: env.rateLimits) }

    public func mayCreateExternalClient(in orgID: OrgID, by actor: UserID) async throws -> Bool {
        guard let ctx = try? await Load.orgContext(orgID, user: actor, on: db) else { return false }
        return PartnerRule.mayCreateExternalClientWorkspace(
            isPartner: ctx.org.isPartner, orgRole: ctx.role,
            workspaceRolesInOrg: try await PartnerQueries.workspaceRoles(
                of: actor.uuid, inWorkspacesOf: orgID.uuid, on: db))
    }

    /// Creates an external-client workspace in one transaction: its own billing account (on the
    /// partner's tier and period), the agreement record, and the data owner as a free observer.
    public func createExternalClientWorkspace(
        in orgID: OrgID, name rawName: String?, visibility rawVisibility: String?, client: ExternalClientFields,
        by actor: UserID
    ) async throws -> WorkspaceContext {
        let orgCtx = try await Load.orgContext(orgID, user: actor, on: db)
        guard orgCtx.org.isPartner else {
            throw DomainError.forbidden(
                "Only partner organisations can create external-client workspaces.", code: "partner_required")
        }
        guard
            PartnerRule.mayCreateExternalClientWorkspace(
                isPartner: true, orgRole: orgCtx.role,
                workspaceRolesInOrg: try await PartnerQueries.workspaceRoles(
                    of: actor.uuid, inWorkspacesOf: orgID.uuid, on: db))
        else {
            throw DomainError.forbidden(
                "Creating an external-client workspace needs owner or admin rights in this partner organisation or "
                    + "one of its workspaces.")
        }
        var v = Validator()
        let name = v.name(rawName, field: "name")
        var visibility = Visibility.open
        if let rawVisibility {
            if let parsed = Visibility(rawValue: rawVisibility) {
                visibility = parsed
            } else {
                v.fail("visibility", "must be one of: open, inviteOnly, private")
            }
        }
        var memberEmails = Set<String>()
        if let raw = client.dataOwnerEmail, let email = EmailAddress(raw),
            let user = try await AccountQueries.user(withEmail: email, on: db),
            try await MembershipQueries.activeOrgRole(org: orgID.uuid, user: user.id!, on: db) != nil
        {
            memberEmails.insert(email.value)
        }
        var fields: (clientOrgName: String, email: EmailAddress)?
        do {
            fields = try PartnerRule.validateDataOwner(
                clientOrgName: client.clientOrgName, dataOwnerEmail: client.dataOwnerEmail,
                agreementAccepted: client.partnerAgreementAccepted,
                isPartnerOrgMember: { memberEmails.contains($0.value) })
        } catch {
            // Keep the rule's own code (`data_owner_in_partner_org`) when that is all that failed.
            for e in error.fieldErrors {
                if error.code == DomainError.validationFailedCode {
                    v.fail(e.field, e.message)
                } else {
                    v.refuse(error.code, field: e.field, e.message)
                }
            }
        }
        try v.check()
        let dataOwner = fields!
        let chosenVisibility = visibility
        if visibility.needsRestrictVisibility { try Access.require(.owner, .restrictVisibility, tier: orgCtx.tier) }
        let pooled = try await Load.pooledAccount(org: orgID.uuid, on: db)
        let inviter = try await Load.user(actor, on: db)
        let now = env.clock.now()
        // The data owner's invite is an invite-like email like any other (NOTES §11).
        let counted = try await quota.take(org: orgID.uuid, inviter: actor.uuid, email: dataOwner.email.value)
        let id: WorkspaceID
        do {
            id = try await db.transaction { tx in
                let account = BillingAccountRow()
                account.scope = "workspace"
                account.orgID = orgID.uuid
                account.tier = pooled?.tier ?? Tier.free.rawValue
                account.period = pooled?.period ?? BillingPeriod.yearly.rawValue
                account.createdAt = now
                try await account.create(on: tx)
                let row = WorkspaceRow()
                row.orgID = orgID.uuid
                row.name = name
                row.kind = WorkspaceKind.externalClient.rawValue
                row.visibility = chosenVisibility.rawValue
                row.billingAccountID = account.id
                row.createdAt = now
                row.clientOrgName = dataOwner.clientOrgName
                row.dataOwnerEmail = dataOwner.email.value
                row.agreementAcceptedAt = now
                row.agreementAcceptedBy = actor.uuid
                try await row.create(on: tx)
                account.workspaceID = row.id
                try await account.save(on: tx)
                let owner = WorkspaceMemberRow()
                owner.workspaceID = row.id!
                owner.userID = actor.uuid
                owner.role = WorkspaceRole.owner.rawValue
                owner.createdAt = now
                try await owner.create(on: tx)
                try await SeatLedger(db: tx, now: now).changed(workspace: row.id!, user: actor.uuid, to: .owner)
                let log = AuditLog(db: tx, clock: env.clock)
                let target = AuditLog.Target(type: "workspace", id: row.id!.uuidString.lowercased(), label: name)
                try await log.record(
                    "workspace.created", actor: actor, org: orgID.uuid, workspace: row.id, target: target,
                    after: "\(name) (external client, \(chosenVisibility.rawValue))")
                try await log.record(
                    "workspace.data_owner_set", actor: actor, org: orgID.uuid, workspace: row.id, target: target,
                    after: "\(dataOwner.clientOrgName) / \(dataOwner.email.value)")
                try await log.record(
                    "workspace.partner_agreement_accepted", actor: actor, org: orgID.uuid, workspace: row.id,
                    target: target,
                    after: ISO8601DateFormatter().string(from: now))
                let ctx = WorkspaceContext(
                    workspace: row.value, org: orgCtx.org, orgRole: orgCtx.role,
                    access: WorkspaceAccess(role: .owner, source: .membership),
                    tier: Tier(rawValue: account.tier) ?? .free,
                    user: inviter.value)
                try await inviteDataOwner(dataOwner.email.value, to: ctx, inviter: inviter, on: tx)
                return WorkspaceID(row.id!)
            }
        } catch {
            try await quota.giveBack(counted)
            throw error
        }
        return try await Load.workspaceContext(id, user: actor, on: db)
    }

    /// The data owner comes in as a free observer: an existing account that proved the address at
    /// once, anyone else by an invite email that says they are the data owner.
    func inviteDataOwner(_ email: String, to ctx: WorkspaceContext, inviter: UserRow, on tx: any Database) async throws
    {
        let link = env.link(.workspace(ctx.workspace.id))
        let brand = try await Branding.email(workspace: ctx.workspace.id.uuid, on: tx)
        if let user = try await AccountQueries.user(withStoredEmail: email, on: tx),
            IdentityRule.mayAddDirectly(accountVerified: user.emailVerifiedAt != nil)
        {
            let outcome = try await Memberships(db: tx, env: env).grantWorkspace(
                ctx.workspace, orgName: ctx.org.name, user: user, role: .observer, actor: UserID(inviter.id!),
                via: "data owner")
            if outcome != .alreadyMember {
                try await Outbox.enqueue(
                    Emails.dataOwnerInvited(
                        to: email, inviter: inviter.name, scope: .init(noun: "workspace", name: ctx.workspace.name),
                        link: link, expiresAt: nil, brand: brand), on: tx, now: env.clock.now())
            }
            return
        }
        _ = try await InviteService(db: tx, env: env).createInvite(
            .workspace(ctx), email: email, role: WorkspaceRole.observer.rawValue, inviter: inviter,
            purpose: "data_owner", brand: brand, on: tx)
    }

    /// Owners/admins edit the data-owner fields; a new address gets its own observer invite.
    public func updateDataOwner(
        _ id: WorkspaceID, clientOrgName: String?, dataOwnerEmail: String?, by actor: UserID
    ) async throws -> WorkspaceContext {
        let ctx = try await Load.workspaceContext(id, user: actor, on: db)
        try ctx.require(.manageMembers)
        guard ctx.workspace.kind == .externalClient, let current = ctx.workspace.dataOwner else {
            throw DomainError(
                .unprocessable, code: "not_external_client",
                detail: "Only external-client workspaces have a data owner.")
        }
        var memberEmails = Set<String>()
        if let raw = dataOwnerEmail, let email = EmailAddress(raw),
            let user = try await AccountQueries.user(withEmail: email, on: db),
            try await MembershipQueries.activeOrgRole(org: ctx.org.id.uuid, user: user.id!, on: db) != nil
        {
            memberEmails.insert(email.value)
        }
        let fields = try PartnerRule.validateDataOwner(
            clientOrgName: clientOrgName ?? current.clientOrgName, dataOwnerEmail: dataOwnerEmail ?? current.email,
            agreementAccepted: true, isPartnerOrgMember: { memberEmails.contains($0.value) })
        let inviter = try await Load.user(actor, on: db)
        let changesAddress = fields.email.value != EmailAddress(current.email)?.value
        let counted =
            changesAddress
            ? try await quota.take(org: ctx.org.id.uuid, inviter: actor.uuid, email: fields.email.value) : nil
        do {
            try await saveDataOwner(id, ctx: ctx, current: current, fields: fields, inviter: inviter, by: actor)
        } catch {
            if let counted { try await quota.giveBack(counted) }
            throw error
        }
        return try await Load.workspaceContext(id, user: actor, on: db)
    }

    func saveDataOwner(
        _ id: WorkspaceID, ctx: WorkspaceContext, current: DataOwner,
        fields: (clientOrgName: String, email: EmailAddress),
        inviter: UserRow,
        by actor: UserID
    ) async throws {
        try await db.transaction { tx in
            guard let row = try await WorkspaceRow.find(id.uuid, on: tx) else {
                throw DomainError.notFound("That workspace")
            }
            let before = "\(current.clientOrgName) / \(current.email)"
            row.clientOrgName = fields.clientOrgName
            row.dataOwnerEmail = fields.email.value
            try await row.save(on: tx)
            try await AuditLog(db: tx, clock: env.clock).record(
                "workspace.data_owner_changed", actor: actor, org: ctx.org.id.uuid, workspace: id.uuid,
                target: .init(type: "workspace", id: id.description, label: ctx.workspace.name), before: before,
                after: "\(fields.clientOrgName) / \(fields.email.value)")
            if fields.email.value != EmailAddress(current.email)?.value {
                try await inviteDataOwner(fields.email.value, to: ctx, inviter: inviter, on: tx)
            }
        }
    }
}
