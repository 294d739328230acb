import Foundation

/// Field validation shared by the API and the pages. Collects every problem, then throws once
/// so a form can show them all.
public struct Validator {
    public private(set) var errors: [DomainError.FieldError] = []
    public init() {}

    /// A required single-line name: trimmed, 1...max characters.
    public mutating func name(_ value: String?, field: String, max: Int = 120) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.append(.init(field: field, message: "is required"))
        } else if trimmed.count > max {
            errors.append(.init(field: field, message: "must be at most \(max) characters"))
        } else if trimmed.contains(where: { $0.isNewline }) {
            errors.append(.init(field: field, message: "must be a single line"))
        }
        return trimmed
    }

    public mutating func optionalText(_ value: String?, field: String, max: Int) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.count > max { errors.append(.init(field: field, message: "must be at most \(max) characters")) }
        return trimmed
    }

    public mutating func requiredText(_ value: String?, field: String, max: Int) -> String {
        let trimmed = optionalText(value, field: field, max: max)
        if trimmed.isEmpty { errors.append(.init(field: field, message: "is required")) }
        return trimmed
    }

    public mutating func email(_ value: String?, field: String = "email") -> EmailAddress? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            errors.append(.init(field: field, message: "is required"))
            return nil
        }
        guard let email = EmailAddress(value) else {
            errors.append(.init(field: field, message: "is not a valid email address"))
            return nil
        }
        return email
    }

    /// Passwords: at least 8 characters and at most 72 bytes (bcrypt ignores anything beyond).
    public mutating func newPassword(_ value: String?, field: String = "password") -> String {
        let value = value ?? ""
        if value.count < 8 {
            errors.append(.init(field: field, message: "must be at least 8 characters"))
        } else if value.utf8.count > 72 {
            errors.append(.init(field: field, message: "must be at most 72 bytes"))
        }
        return value
    }

    public mutating func role<R: RawRepresentable & CaseIterable>(_ value: String?, field: String = "role") -> R?
    where R.RawValue == String {
        guard let value, let role = R(rawValue: value) else {
            let allowed = R.allCases.map(\.rawValue).joined(separator: ", ")
            errors.append(.init(field: field, message: "must be one of: \(allowed)"))
            return nil
        }
        return role
    }

    public mutating func fail(_ field: String, _ message: String) {
        errors.append(.init(field: field, message: message))
    }

    public func check() throws(DomainError) {
        if !errors.isEmpty { throw DomainError.invalid(errors) }
    }
}
