// swift-tools-version: 6.1
// The benchmark suite lives in its own package so that `swift test` never builds the
// benchmark library. Run from the repository root:
//   swift package --package-path Benchmarks benchmark
//   swift package --package-path Benchmarks benchmark thresholds check
import PackageDescription

let suites = ["Ingestion", "Kernels"]

let package = Package(
    name: "CoachLabBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "CoachLab", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "CoachLabIngestion", package: "CoachLab"),
                .product(name: "CoachLabGenerator", package: "CoachLab"),
            ],
            path: "BenchmarkSupport"
        ),
    ] + suites.map { suite in
        .executableTarget(
            name: suite,
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CoachLabIngestion", package: "CoachLab"),
                .product(name: "CoachLabCache", package: "CoachLab"),
                .product(name: "CoachLabPluginAPI", package: "CoachLab"),
                .product(name: "CoachLabKernels", package: "CoachLab"),
                .product(name: "CoachLabRunner", package: "CoachLab"),
                .product(name: "CoachLabPlugins", package: "CoachLab"),
            ],
            path: suite,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    }
)
