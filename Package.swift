// swift-tools-version: 6.1
import PackageDescription

// Metric plugins live in `Plugins/<Name>/` (not SwiftPM package plugins). Each is declared
// through `metricPlugin(_:)`, which fixes its path and the only modules it may import:
// the contract (the plugin API), the shared computations (kernels) and the statistics library. Plugins/README.md explains this, and
// `PluginBoundaryTests` checks every folder there is declared, registered and documented.
let metricPluginNames = [
    "QuotaAttainmentByCoachingQuality",
    "RepImprovementOverTime",
    "CoachingCoverage",
    "CoachingVsFirefighting",
    "FeedbackLatency",
    "FocusBreadth",
    "AssignmentFollowThrough",
    "SkillWillMatrix",
    "ActivityToPipeline",
    "PerformanceGaps",
    "ProgramImpact",
]

func metricPlugin(_ name: String) -> Target {
    .target(
        name: name,
        dependencies: ["CoachLabPluginAPI", "CoachLabKernels", "CoachLabStatistics"],
        path: "Plugins/\(name)",
        exclude: ["README.md"]
    )
}

let package = Package(
    name: "CoachLab",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coachlab", targets: ["coachlab"]),
        .library(name: "CoachLabPluginAPI", targets: ["CoachLabPluginAPI"]),
        .library(name: "CoachLabKernels", targets: ["CoachLabKernels"]),
        .library(name: "CoachLabStatistics", targets: ["CoachLabStatistics"]),
        .library(name: "CoachLabIngestion", targets: ["CoachLabIngestion"]),
        .library(name: "CoachLabCache", targets: ["CoachLabCache"]),
        .library(name: "CoachLabRunner", targets: ["CoachLabRunner"]),
        .library(name: "CoachLabPluginTestKit", targets: ["CoachLabPluginTestKit"]),
        .library(name: "CoachLabPlugins", targets: ["CoachLabPlugins"]),
        .library(name: "CoachLabGenerator", targets: ["CoachLabGenerator"]),
        .library(name: "CoachLabRendering", targets: ["CoachLabRendering"]),
        .library(name: "CoachLabDistributed", targets: ["CoachLabDistributed"]),
        .library(name: "CoachLabExport", targets: ["CoachLabExport"]),
        .library(name: "CoachLabCommandLine", targets: ["CoachLabCommandLine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    ],
    targets: [
        // The C library, wrapped with no Swift API of its own.
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),

        // File, page and thread helpers for the modules below; no module re-exports it.
        .target(name: "CoachLabSystem"),
        // The typed, columnar dataset every plugin reads: tables, columns, calendar values,
        // tiers, slices.
        .target(name: "CoachLabData", dependencies: ["CoachLabSystem"]),
        // Checked columns saved in a binary file and mapped back on the next run.
        .target(name: "CoachLabCache", dependencies: ["CoachLabData", "CoachLabSystem"]),
        // Ingestion: libcsv → typed columns, export mappings, dataset checks, input errors;
        // a load answers from the column cache when it can.
        .target(
            name: "CoachLabIngestion",
            dependencies: [
                "CLibCSV", "CoachLabData", "CoachLabCache", "CoachLabSystem", .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Distributions, special functions, tests and estimators.
        .target(
            name: "CoachLabStatistics",
            dependencies: [.product(name: "RealModule", package: "swift-numerics")]
        ),
        // The contract a metric plugin is written against (re-exports the data model).
        .target(name: "CoachLabPluginAPI", dependencies: ["CoachLabData", "CoachLabSystem"]),
        // The shared computations a plugin calls, fast paths behind entry points.
        .target(
            name: "CoachLabKernels",
            dependencies: ["CoachLabPluginAPI", "CoachLabData", "CoachLabSystem", "CoachLabStatistics"]
        ),
        // The engine: a registry of plugins, the selection for a dataset, the run, and the
        // run's p-values adjusted together.
        .target(name: "CoachLabRunner", dependencies: ["CoachLabPluginAPI", "CoachLabStatistics"]),
        // The built-in plugins, registered from one explicit list.
        .target(
            name: "CoachLabPlugins",
            dependencies: ["CoachLabPluginAPI", "CoachLabRunner"] + metricPluginNames.map { .target(name: $0) }
        ),
        // Past one machine: shards, partial states as files, their merge.
        .target(
            name: "CoachLabDistributed",
            dependencies: ["CoachLabCache", "CoachLabIngestion", "CoachLabPluginAPI", "CoachLabRunner", "CoachLabSystem"]
        ),
        // Typed results → table, JSON, CSV, Markdown, HTML (statistics for the names of the
        // adjustments it presents).
        .target(
            name: "CoachLabRendering",
            dependencies: ["CoachLabPluginAPI", "CoachLabRunner", "CoachLabStatistics", "CoachLabSystem"]
        ),
        // The checked dataset as tidy tables (CSV, JSON Lines) for pandas, R and fixest.
        .target(name: "CoachLabExport", dependencies: ["CoachLabData", "CoachLabSystem"]),
        // A synthetic sales org with planted, known effects.
        .target(name: "CoachLabGenerator", dependencies: ["CoachLabData", "CoachLabSystem"]),
        // The contract every plugin must honour, as a check researchers can run.
        .target(name: "CoachLabPluginTestKit", dependencies: ["CoachLabPluginAPI"]),
        // The command line (swift-argument-parser), one file per subcommand: a library, so
        // that a researcher's own executable runs it over plugins of their own.
        .target(
            name: "CoachLabCommandLine",
            dependencies: [
                "CoachLabIngestion", "CoachLabCache", "CoachLabRunner", "CoachLabPlugins", "CoachLabRendering",
                "CoachLabGenerator", "CoachLabDistributed", "CoachLabExport", "CoachLabStatistics", "CoachLabSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // `coachlab`: the command line with the built-in plugins.
        .executableTarget(name: "coachlab", dependencies: ["CoachLabCommandLine"]),

        .target(name: "CoachLabTestSupport", dependencies: ["CoachLabData"], path: "Tests/CoachLabTestSupport"),
        .testTarget(
            name: "CoachLabIngestionTests",
            dependencies: [
                "CoachLabIngestion", "CoachLabCache", "CoachLabSystem", "CoachLabTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Conformance"]
        ),
        .testTarget(
            name: "CoachLabStatisticsTests",
            dependencies: [
                "CoachLabStatistics", "CoachLabTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CoachLabPluginsTests",
            dependencies: [
                "CoachLabPlugins", "CoachLabKernels", "CoachLabRunner", "CoachLabIngestion", "CoachLabGenerator",
                "CoachLabPluginTestKit", "CoachLabSystem", "CoachLabTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Golden", "CoachingGolden", "ProgramGolden", "EventStudyReference"]
        ),
        .testTarget(
            name: "CoachLabDistributedTests",
            dependencies: [
                "CoachLabDistributed", "CoachLabCache", "CoachLabData", "CoachLabIngestion", "CoachLabRunner", "CoachLabPlugins", "CoachLabGenerator",
                "CoachLabSystem", "CoachLabTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "CoachLabRenderingTests",
            dependencies: ["CoachLabRendering", "CoachLabRunner", "CoachLabStatistics", "CoachLabTestSupport"]
        ),
        .testTarget(
            name: "CoachLabGeneratorTests",
            dependencies: ["CoachLabGenerator", "CoachLabIngestion", "CoachLabSystem", "CoachLabTestSupport"]
        ),
        // The command line as a user drives it (the built executable), and as a researcher's
        // package does with a plugin of their own (the library, in process).
        .testTarget(
            name: "CoachLabCLITests",
            dependencies: [
                "CoachLabCommandLine", "CoachLabIngestion", "CoachLabRunner", "CoachLabPlugins", "CoachLabPluginAPI",
                "CoachLabKernels", "CoachLabStatistics", "CoachLabPluginTestKit", "CoachLabTestSupport",
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "CoachLabExportTests",
            dependencies: ["CoachLabExport", "CoachLabIngestion", "CoachLabGenerator", "CoachLabTestSupport"]
        ),
    ] + metricPluginNames.map(metricPlugin)
)
