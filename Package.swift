// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "steward",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "steward", targets: ["steward"])
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.34.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // Pure rules: Foundation, and swift-crypto's HMAC for two-factor codes. Every access
        // decision lives here.
        .target(name: "StewardCore", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // Persistence: FluentKit models, named migrations, repositories. No Vapor.
        .target(
            name: "StewardStore",
            dependencies: [
                "StewardCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
            ]
        ),
        // An SMTP client (STARTTLS/TLS, AUTH, MIME) on SwiftNIO alone: no Vapor, no Steward.
        .target(
            name: "SMTPKit",
            dependencies: [
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // The JSON API's types and server protocol, generated from Resources/openapi.yaml by
        // scripts/generate-api into Generated/ (committed: the generator's own build would double
        // CI's build time). Nothing in it is written by hand.
        .target(
            name: "StewardAPI",
            dependencies: ["StewardAPISupport", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            path: "Generated/StewardAPI"
        ),
        // The few hand-written types the generated code uses in place of its own (typeOverrides).
        .target(name: "StewardAPISupport"),
        .target(
            name: "StewardServer",
            dependencies: [
                "SMTPKit",
                "StewardAPI",
                "StewardAPISupport",
                "StewardCore",
                "StewardStore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        .executableTarget(
            name: "steward",
            dependencies: ["StewardServer", .product(name: "Vapor", package: "vapor")]
        ),
        .testTarget(name: "StewardCoreTests", dependencies: ["StewardCore"]),
        .testTarget(
            name: "SMTPKitTests",
            dependencies: [
                "SMTPKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .testTarget(
            name: "StewardServerTests",
            dependencies: [
                "StewardServer", "StewardCore", "StewardStore", "StewardAPI", "StewardAPISupport",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
