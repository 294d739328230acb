import FluentKit
import Foundation
import StewardCore

extension OutboxService {
    /// The image of a queued email's logo, read when it is sent (and by the development mailbox),
    /// never copied into the outbox. nil when it is gone since the email was queued (removed, or a
    /// client's logo that no longer shows): the email then goes without the image.
    public func logo(for source: LogoSource) async throws -> Logo? {
        try await Branding.logo(source, on: db)
    }
}
