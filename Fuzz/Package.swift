// swift-tools-version: 6.1
import Foundation
import PackageDescription

// libFuzzer targets for the CSV reader and its value parsers, and for the state reader and
// merge, kept out of the main package: they need the fuzzer runtime, and `swift test` never
// builds them. Run them with Fuzz/run.sh, which links libFuzzer's driver
// (libclang_rt.fuzzer_no_main from the Swift toolchain).

// A path dependency's identity is its folder's name: `main` in the canonical checkout, the
// worktree's name in a worktree.
let main = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "CoachLabFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "CoachLabFuzz",
            dependencies: ["CFuzzDriver", .product(name: "CoachLabIngestion", package: main)],
            linkerSettings: [.linkedLibrary("stdc++")]
        ),
        .executableTarget(
            name: "CoachLabStateFuzz",
            dependencies: [
                "CFuzzDriver", .product(name: "CoachLabDistributed", package: main),
                .product(name: "CoachLabPlugins", package: main), .product(name: "CoachLabRunner", package: main),
                .product(name: "CoachLabRendering", package: main),
                .product(name: "CoachLabStatistics", package: main),
            ],
            linkerSettings: [.linkedLibrary("stdc++")]
        ),
    ]
)
