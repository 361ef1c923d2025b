#if canImport(Glibc)
import Glibc
#endif
import CFuzzDriver
import CoachLabDistributed
import CoachLabPluginAPI
import CoachLabPlugins
import CoachLabRendering
import CoachLabStatistics
import CoachLabRunner

@main
struct StateFuzzMain {
    static func main() {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        let status = withUnsafeMutablePointer(to: &argv) { argv in
            argv.withMemoryRebound(to: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?.self, capacity: 1) { argv in
                LLVMFuzzerRunDriver(&argc, argv, { data, size in fuzzOneInput(data!, size) })
            }
        }
        exit(status)
    }
}

let registry = BuiltinPlugins.registry()

/// One libFuzzer input: the bytes as a state stream, as `coachlab merge` and `report` take
/// one. Its documents are read, merged together as `merge` merges them, and what reads or
/// merges is finalised and rendered as `report` does. Any outcome but a crash, a hang or a
/// sanitizer report is fine: a refusal is the expected answer to most inputs.
func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    _ = StateFileCodec.couldStartState(bytes)
    guard let files = try? StateFileCodec.decode(String(decoding: bytes, as: UTF8.self), source: "fuzz", registry: registry) else {
        return 0
    }
    let sources = files.enumerated().map { (source: "document \($0.offset + 1)", file: $0.element) }
    if files.count > 1, let merged = try? StateMerger(registry: registry).merge(sources) {
        report(merged)
        // What `merge` writes must read back.
        _ = try? StateFileCodec.decode(StateFileCodec.encode(merged), source: "merged", registry: registry)
    }
    report(files[0])
    return 0
}

/// Finalises and renders `file` as `coachlab report` does.
func report(_ file: StateFile) {
    _ = ShardExpectations(shards: 1, rows: [.performance: 1]).failures(of: file)
    var results: [MetricResult] = []
    for section in file.plugins {
        guard let plugin = registry.plugin(id: section.id) as? any DecomposableMetric,
              let result = try? plugin.erasedFinalize(section.state, options: section.options, threads: 2) else { continue }
        results.append(result)
    }
    var report = RunReport(dataset: file.dataset, results: results)
    report.multipleTesting = MultipleTesting(results: results, method: .holm)
    for format in OutputFormat.allCases {
        format.renderer.write(report) { _ in }
    }
}
