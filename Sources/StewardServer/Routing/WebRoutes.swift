import Vapor

/// Every page route, by feature. Pages call the same services as the API; what a role cannot do
/// is hidden on the page and refused by the service anyway.
struct WebRoutes {
    func register(_ routes: any RoutesBuilder) {
        let web = routes.grouped(SessionAuthMiddleware(), CSRFMiddleware(), DeviceCookieMiddleware())
        let signedIn = web.grouped(RequireSignInMiddleware())
        SignInWebController().register(web: web)
        AccountWebController().register(web: web, signedIn: signedIn)
        WorkspacesWebController().register(web: web, signedIn: signedIn)
        OrgsWebController().register(web: web, signedIn: signedIn)
        OrgOverviewWebController().register(web: web, signedIn: signedIn)
        MembersWebController().register(web: web, signedIn: signedIn)
        InviteActionsWebController().register(web: web, signedIn: signedIn)
        InvitationWebController().register(web: web, signedIn: signedIn)
        ProjectsWebController().register(web: web, signedIn: signedIn)
        ConversationsWebController().register(web: web, signedIn: signedIn)
        PartnerWebController().register(web: web, signedIn: signedIn)
        StaffWebController().register(signedIn: signedIn)
        BillingWebController().register(signedIn: signedIn)
        MailboxWebController().register(web: web, signedIn: signedIn)
    }
}
