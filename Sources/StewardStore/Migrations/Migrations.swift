import FluentKit

/// Every migration, in order. Append only; never reorder or rename.
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
    ]
}
