// swift-tools-version:6.2
// Huifang — follow-up and reminder service for clinics and service businesses.
//
// Dependencies (each replaces real hand-written code; see DESIGN.md "Chosen libraries"):
// - GRDB: SQLite access, WAL, migrations, prepared statements.
// - swift-argument-parser: huifangd / huifangctl command lines.
// - swift-log: structured logging passed into every component.
// - swift-service-lifecycle: ServiceGroup, graceful shutdown on SIGTERM, signal sequences.
// - swift-crypto: HMAC-SHA256 for Standard Webhooks signatures, AES-GCM for health data.
// - Hummingbird 2: the HTTP face (inbound receipts, replies and staff outcomes; /metrics,
//   /healthz, /readyz). Only its core product is used (no TLS, no HTTP/2); the default
//   traits are narrowed so swift-configuration is not built. (swift-nio and swift-http-types come with it;
//   named for NIOCore's Channel and SocketAddress and HTTPTypes' header names.)
// - swift-metrics + swift-prometheus: counters and histograms, exposed on /metrics.
// - hummingbird-auth (its bcrypt product only) and swift-mustache: the staff console's
//   password hashes and server-rendered pages.
// TOML is parsed by our own small parser (HuifangDaemon/Config/TOMLParser.swift) because
// TOMLKit reports positions only for syntax errors, and we must name the line of an
// unknown key or a bad value (issue #2, DESIGN rule 12).
import PackageDescription

let package = Package(
    name: "huifang",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "huifangd", targets: ["huifangd"]),
        .executable(name: "huifangctl", targets: ["huifangctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // sqlite3_config, which is variadic, behind typed C functions (AppDatabase).
        .target(name: "CSQLiteTuning", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(name: "HuifangCore"),
        .target(
            name: "HuifangStore",
            dependencies: [
                "HuifangCore", "CLibPQ", "CSQLiteTuning", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "HuifangDelivery",
            dependencies: [
                "HuifangCore", "CCurl",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "HuifangControl", dependencies: ["HuifangCore"]),
        .target(
            name: "HuifangDaemon",
            dependencies: [
                "HuifangCore", "HuifangStore", "HuifangDelivery", "HuifangControl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .executableTarget(
            name: "huifangd",
            dependencies: [
                "HuifangDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "huifangctl",
            dependencies: [
                "HuifangControl",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "HuifangTestSupport",
            dependencies: ["HuifangCore", "HuifangControl"],
            path: "Tests/HuifangTestSupport"
        ),
        .testTarget(name: "HuifangCoreTests", dependencies: ["HuifangCore", "HuifangTestSupport"]),
        .testTarget(
            name: "HuifangStoreTests",
            dependencies: ["HuifangStore", "HuifangTestSupport", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "HuifangDeliveryTests",
            dependencies: ["HuifangDelivery", "HuifangTestSupport", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "HuifangControlTests", dependencies: ["HuifangControl"]),
        .testTarget(
            name: "HuifangDaemonTests",
            dependencies: ["HuifangControl", "HuifangCore", "HuifangDaemon", "HuifangStore", "HuifangTestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "HuifangIntegrationTests",
            dependencies: ["HuifangControl", "HuifangCore", "HuifangDelivery", "HuifangStore", "HuifangTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
