import CoachLabTestSupport
import Foundation
import Testing

/// Plugins read like their definitions: the fast paths (unsafe buffers, page handling,
/// block and thread scheduling, the loader's row order) live in the kernels (CoachLabKernels)
/// and the support module (CoachLabSystem), and no source file grows past what a reader
/// takes in at once.
@Suite struct PluginMachineryTests {
    static let root = TestFiles.repositoryRoot

    /// Spellings of the machinery a plugin must reach only through a kernel's entry point.
    static let machinery = [
        "unsafe",  // any Unsafe…Pointer, withUnsafe…, unsafeBitCast, nonisolated(unsafe)
        "@inline(", "@unchecked",
        "HugePages", "MemoryPages", "madvise", "largeRepeating", "largeUninitializedCount",
        "RepBlocks", "repBlocks", "Parallel.", "SharedBuffer", "ChunkedWork", "DispatchQueue", "concurrentPerform",
        "Atomic<", "withAttainmentColumns", "monthOrder",
    ]

    /// The Swift files under `folder`, relative to the repository root.
    static func swiftFiles(under folder: String) -> [String] {
        let base = root.appendingPathComponent(folder)
        let walker = FileManager.default.enumerator(atPath: base.path)
        return (walker?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".swift") }.map { "\(folder)/\($0)" }.sorted()
    }

    static func lines(of file: String) throws -> [Substring] {
        try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
    }

    @Test func pluginsUseNoPerformanceMachinery() throws {
        let files = Self.swiftFiles(under: "Plugins")
        #expect(files.count > 20)
        for file in files {
            for (number, line) in try Self.lines(of: file).enumerated() {
                // Code only: a comment may name what a kernel does for the plugin.
                let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line
                for spelling in Self.machinery where code.localizedCaseInsensitiveContains(spelling) {
                    Issue.record("\(file):\(number + 1) uses \(spelling): call a kernel's entry point instead (Plugins/README.md, \"Fast paths\")")
                }
            }
        }
    }

    @Test(arguments: ["Plugins", "Sources"])
    func noFileIsOverFourHundredLines(folder: String) throws {
        let files = Self.swiftFiles(under: folder)
        #expect(!files.isEmpty)
        for file in files {
            let count = try Self.lines(of: file).count - 1
            #expect(count <= 400, "\(file) has \(count) lines")
        }
    }
}
