import CoachLabTestSupport
import Foundation
import Testing

/// Every `sh` block in the repository's Markdown runs as printed: the test reads the blocks
/// out of the documents (no copy to drift) and runs each as one script in a scratch folder,
/// or finds it among the few blocks that run elsewhere, which say where. A new block that
/// is neither fails here.
@Suite(.serialized) struct DocumentedCommandsTests {
    struct Block: CustomStringConvertible {
        var file: String
        var line: Int
        var text: String
        var description: String { "\(file):\(line)" }
    }

    /// Blocks that need what a test cannot give, by file and first line, with where they run.
    static let runElsewhere: [(file: String, firstLine: String, where: String)] = [
        ("README.md", "bash .ci/setup && swift run -c release coachlab run Datasets/sample-org",
         ".ci/run runs README's two commands, read out of README"),
        ("README.md", "swift test", ".ci/run (this test is part of it)"),
        ("Benchmarks/README.md", "Benchmarks/compare/run.sh", "by hand: builds peers' environments, tens of minutes"),
        ("Benchmarks/README.md", "swift package --package-path Benchmarks benchmark", ".ci/run checks the thresholds"),
        ("Benchmarks/Coverage/README.md", "python3 Benchmarks/Coverage/coverage.py", "by hand: hundreds of orgs, hours"),
        ("Benchmarks/Coverage/results-v1-ebc49ef.md", "python3 Benchmarks/Coverage/coverage.py", "by hand, on a build of that commit"),
        ("docs/SCALE-OUT.md", "coachlab merge states/sql/part-* | coachlab report -",
         "Tests/Spark/run.sh runs it as printed, after the SQL recipe it finishes"),
    ]

    /// The `sh` blocks of every Markdown file in the repository (build and virtual-environment
    /// folders aside).
    static func blocks() throws -> [Block] {
        let root = TestFiles.repositoryRoot
        var found: [Block] = []
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])!
        for case let url as URL in files {
            let relative = String(url.path.dropFirst(root.path.count + 1))
            if relative.hasPrefix(".build") || relative.contains("/.build") || relative.contains(".venv") { continue }
            guard url.pathExtension == "md" else { continue }
            found += try blocks(in: String(contentsOf: url, encoding: .utf8), file: relative)
        }
        return found.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    /// Fenced blocks whose info string is `sh`, their lines unindented by the fence's indent.
    static func blocks(in markdown: String, file: String) -> [Block] {
        var blocks: [Block] = []
        var open: (indent: Int, line: Int, isShell: Bool, lines: [String])?
        for (index, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = line.prefix { $0 == " " }.count
            let trimmed = line.dropFirst(indent)
            if var current = open {
                if trimmed.hasPrefix("```") && trimmed.allSatisfy({ $0 == "`" }) {
                    if current.isShell { blocks.append(Block(file: file, line: current.line, text: current.lines.joined(separator: "\n"))) }
                    open = nil
                } else {
                    current.lines.append(String(line.dropFirst(min(indent, current.indent))))
                    open = current
                }
            } else if trimmed.hasPrefix("```") {
                open = (indent, index + 1, trimmed.dropFirst(3) == "sh", [])
            }
        }
        return blocks
    }

    static func elsewhere(_ block: Block) -> String? {
        let first = block.text.split(separator: "\n").first.map(String.init) ?? ""
        return runElsewhere.first { $0.file == block.file && first.hasPrefix($0.firstLine) }?.where
    }

    @Test func everyShellBlockRunsHereOrSaysWhere() throws {
        let all = try Self.blocks()
        #expect(all.count >= 8, "found \(all.count) blocks")
        for (file, firstLine, _) in Self.runElsewhere {
            #expect(all.contains { $0.file == file && $0.text.hasPrefix(firstLine) }, "no block \(file): \(firstLine) any more")
        }
    }

    @Test(arguments: ((try? DocumentedCommandsTests.blocks()) ?? []).filter { DocumentedCommandsTests.elsewhere($0) == nil })
    func runsAsPrinted(_ block: Block) throws {
        // A scratch folder holding what the documents assume: the repository's datasets, and
        // for the xargs recipe a performance.csv beside the dimension tables it names `dims`.
        let scratch = TestFiles.temporaryDirectory("documented-commands")
        let manager = FileManager.default
        let datasets = TestFiles.repositoryRoot.appendingPathComponent("Datasets")
        try manager.createSymbolicLink(at: scratch.appendingPathComponent("Datasets"), withDestinationURL: datasets)
        try manager.createSymbolicLink(at: scratch.appendingPathComponent("dims"), withDestinationURL: datasets.appendingPathComponent("sample-org"))
        try manager.createSymbolicLink(
            at: scratch.appendingPathComponent("performance.csv"),
            withDestinationURL: datasets.appendingPathComponent("sample-org/performance.csv"))
        let binaries = CLIRun.executable.deletingLastPathComponent().path
        let run = try CLIRun(
            shell: "set -eu\n" + block.text, environment: ["PATH": binaries + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")],
            directory: scratch)
        #expect(run.status == 0, "\(block) failed (\(run.status)):\n\(block.text)\n--- stderr\n\(run.stderr.suffix(2000))")
    }
}
