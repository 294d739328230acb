import Crypto
import Foundation
import StewardAPI
import StewardCore
import Testing

@testable import StewardServer

/// The generated API code is committed (scripts/generate-api); these keep it honest.
@Suite("Generated API")
struct GeneratedAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test("the committed generated code was generated from the committed document and config")
    func generatedCodeIsCurrent() throws {
        let document = try Data(contentsOf: Self.root.appending(path: "Resources/openapi.yaml"))
        let config = try Data(contentsOf: Self.root.appending(path: "scripts/openapi-generator-config.yaml"))
        let expected = SHA256.hash(data: document + config).map { String(format: "%02x", $0) }.joined()
        let generated = Self.root.appending(path: "Generated/StewardAPI")
        let files = try FileManager.default.contentsOfDirectory(atPath: generated.path).filter {
            $0.hasSuffix(".swift")
        }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: generated.appending(path: file), encoding: .utf8)
            let stamp = text.split(separator: "\n").prefix(5).first { $0.hasPrefix("// openapi-stamp: ") }
            #expect(
                stamp.map(String.init) == "// openapi-stamp: \(expected)",
                "\(file) is stale: run scripts/generate-api after changing openapi.yaml or the generator config")
        }
    }

    @Test("every value of a domain enum the API answers with exists in the document's enum")
    func domainEnumsHaveTheirTwins() {
        func check<Domain: CaseIterable & RawRepresentable, Twin: RawRepresentable>(_: Domain.Type, _: Twin.Type)
        where Domain.RawValue == String, Twin.RawValue == String {
            for value in Domain.allCases {
                #expect(Twin(rawValue: value.rawValue) != nil, "\(Twin.self) lacks \(value.rawValue)")
            }
        }
        check(OrgRole.self, Components.Schemas.OrgRole.self)
        check(WorkspaceRole.self, Components.Schemas.WorkspaceRole.self)
        check(Visibility.self, Components.Schemas.Visibility.self)
        check(WorkspaceKind.self, Components.Schemas.WorkspaceKind.self)
        check(Tier.self, Components.Schemas.Tier.self)
        check(AccessSource.self, Components.Schemas.AccessSource.self)
        check(AddOutcome.self, Components.Schemas.AddOutcome.self)
        check(DiscoveryStatus.self, Components.Schemas.DiscoveryStatus.self)
        check(InvitationStatus.self, Components.Schemas.InvitationStatus.self)
    }
}
