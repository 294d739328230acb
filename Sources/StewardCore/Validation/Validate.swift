import Foundation

/// Field validation shared by the API and the pages. Collects every problem, then throws once
/// so a form can show them all.
public struct Validator {
    public private(set) var errors: [DomainError.FieldError] = []
    public init() {}

    /// A required single-line name, 1...max characters. Length and line breaks are judged on the
    /// value as sent (code points, as JSON Schema counts), so the API's schema pattern states the
    /// rule exactly; what is stored is trimmed. Control characters (line breaks included) and the
    /// Unicode line and paragraph separators are refused: a name is shown on one line everywhere.
    public mutating func name(_ value: String?, field: String, max: Int = 120) -> String {
        let raw = value ?? ""
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty {
            errors.append(.init(field: field, message: "is required"))
        } else if raw.unicodeScalars.count > max {
            errors.append(.init(field: field, message: "must be at most \(max) characters"))
        } else if raw.unicodeScalars.contains(where: Self.breaksLine) {
            errors.append(.init(field: field, message: "must be a single line"))
        }
        return trimmed
    }

    /// What a single-line name may not hold; `NamePattern` is the same set for the API schema.
    static func breaksLine(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }

    /// Free text, trimmed; its length is counted as sent, in code points (as for names).
    public mutating func optionalText(_ value: String?, field: String, max: Int) -> String {
        let trimmed = (value ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if (value ?? "").unicodeScalars.count > max {
            errors.append(.init(field: field, message: "must be at most \(max) characters"))
        }
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

    /// Passwords: 8 to 128 characters, counted as Unicode code points as JSON Schema's
    /// `minLength`/`maxLength` count them, so the API contract states the real rule.
    /// Bytes beyond bcrypt's 72 are not ignored: see `PasswordDigest.bcryptInput`.
    public mutating func newPassword(_ value: String?, field: String = "password") -> String {
        let value = value ?? ""
        let length = value.unicodeScalars.count
        if length < PasswordDigest.minimumLength {
            errors.append(.init(field: field, message: "must be at least \(PasswordDigest.minimumLength) characters"))
        } else if length > PasswordDigest.maximumLength {
            errors.append(.init(field: field, message: "must be at most \(PasswordDigest.maximumLength) characters"))
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

    /// A role of the place's kind: an organisation's roles for an organisation, a workspace's for
    /// a workspace.
    public mutating func role(_ value: String?, in place: Place, field: String = "role") -> PlaceRole? {
        switch place {
        case .org: (role(value, field: field) as OrgRole?).map(PlaceRole.org)
        case .workspace: (role(value, field: field) as WorkspaceRole?).map(PlaceRole.workspace)
        }
    }

    public mutating func fail(_ field: String, _ message: String) {
        errors.append(.init(field: field, message: message))
    }

    /// A well-formed value that a named rule refuses (the end before the start, an id that is not
    /// a partner organisation). Clients and the contract tell these apart from malformed input by
    /// their code; when malformed input is reported too, the answer is `validation_failed`.
    public mutating func refuse(_ code: String, field: String, _ message: String) {
        errors.append(.init(field: field, message: message))
        ruleCodes.append(code)
    }

    private var ruleCodes: [String] = []

    public func check() throws(DomainError) {
        guard !errors.isEmpty else { return }
        if ruleCodes.count == errors.count, let code = ruleCodes.first {
            throw DomainError(
                .unprocessable, code: code, detail: DomainError.invalid(errors).detail, fieldErrors: errors)
        }
        throw DomainError.invalid(errors)
    }
}
