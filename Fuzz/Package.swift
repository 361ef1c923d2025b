// swift-tools-version: 6.1
import PackageDescription

// A libFuzzer target for the CSV reader and its value parsers, kept out of the main package:
// it needs the fuzzer runtime, and `swift test` never builds it. Run it with Fuzz/run.sh,
// which links libFuzzer's driver (libclang_rt.fuzzer_no_main from the Swift toolchain).
let package = Package(
    name: "CoachLabFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "CoachLabFuzz",
            dependencies: ["CFuzzDriver", .product(name: "CoachLabEngine", package: "main")],
            linkerSettings: [.linkedLibrary("stdc++")]
        ),
    ]
)
