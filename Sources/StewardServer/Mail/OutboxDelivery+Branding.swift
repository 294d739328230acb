import SMTPKit
import StewardCore
import StewardStore

extension OutboxDelivery {
    /// A branded email's logo as the inline image its HTML refers to, read now rather than
    /// queued with the email. None when the email has no logo, or when the logo is gone since it
    /// was queued (removed, or a client's logo that no longer shows): the email still goes, and its
    /// `cid:` image shows its alt text, the brand's name.
    func inlineImages(for email: QueuedEmail) async throws -> [InlineImage] {
        guard let source = email.brand?.logo, let logo = try await services.outbox.logo(for: source) else {
            return []
        }
        return [
            InlineImage(
                contentID: EmailBrand.logoContentID, contentType: logo.contentType,
                filename: Self.logoFilename(contentType: logo.contentType), data: [UInt8](logo.data))
        ]
    }

    static func logoFilename(contentType: String) -> String {
        switch LogoRule.Format(rawValue: contentType) {
        case .png: "logo.png"
        case .jpeg: "logo.jpg"
        case .webp: "logo.webp"
        case nil: "logo"
        }
    }
}
