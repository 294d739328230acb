import Fluent
import StewardCore
import StewardStore
import Vapor

/// `steward create-staff-user --email --password --name`: platform staff, never over HTTP.
struct CreateStaffUserCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "The staff member's email address") var email: String?
        @Option(name: "password", help: "At least 8 characters") var password: String?
        @Option(name: "name", help: "Their name") var name: String?
    }

    var help: String { "Creates a platform staff account (no content access; the staff console only)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await context.application.autoMigrate()
        var v = Validator()
        let email = v.email(signature.email)
        let name = v.name(signature.name, field: "name")
        let password = v.newPassword(signature.password)
        do {
            try v.check()
            let user = try await context.application.services.accounts.createUser(
                email: email!, name: name, password: password, isStaff: true, verified: true)
            context.console.print("Created staff account \(user.email) (\(user.id)).")
        } catch let error as DomainError {
            throw DomainError(
                error.kind, code: error.code, detail: "could not create the staff account: \(error.detail)",
                fieldErrors: error.fieldErrors)
        }
    }
}
