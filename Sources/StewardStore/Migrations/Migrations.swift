import FluentKit

/// Every migration, in order. Append only; never reorder or rename. Each names itself (Fluent's
/// default name includes the module path, so a rename would re-run it), and lives in a file of
/// that name.
public enum StewardMigrations {
    public static let all: [any Migration] = [
        CreateUsers(),
        CreateAuthTokens(),
        CreateOrgs(),
        CreateWorkspaces(),
        CreateWork(),
        CreateAuditAndLimits(),
        CreateInvites(),
        CreateAccessRequests(),
        CreateOutbox(),
        AddPartnerProgram(),
        CreateSeatPeriods(),
        CreateUpgradeRequests(),
        CreateOrgLogos(),
        AddLookupIndexes(),
        AddSeatHolders(),
        CreateConversationSearch(),
        AddAccountSecurity(),
        AddOutboxBranding(),
    ]
}
