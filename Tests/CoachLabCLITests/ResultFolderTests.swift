import CoachLabTestSupport
import Foundation
import Testing

/// `--format csv -o DIR`: a folder of tidy CSV files holding what the single file stacks.
@Suite(.serialized) struct ResultFolderTests {
    static let plugins = ["--plugin", "quota-attainment-by-coaching-quality", "--plugin", "coaching-coverage"]

    @Test func aFolderGetsAFilePerTableWithTheSingleFilesRows() throws {
        let scratch = TestFiles.temporaryDirectory("result-folder")
        let folder = scratch.appendingPathComponent("tables/nested").path + "/"
        let run = try CLIRun(["run", "Datasets/sample-org", "--format", "csv", "-o", folder] + Self.plugins)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let single = try CLIRun(["run", "Datasets/sample-org", "--format", "csv"] + Self.plugins)
        let blocks = single.stdout.components(separatedBy: "\r\n\r\n")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names.contains("quota-attainment-by-coaching-quality__by_tier.csv"))
        #expect(names.contains("summary.csv") && names.contains("findings.csv") && names.contains("notes.csv")
                && names.contains("multiple_testing.csv"))
        // Each table's file is its block of the single file without the plugin and table columns.
        var tables = 0
        for block in blocks {
            let lines = block.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            let header = lines[0].split(separator: ",", omittingEmptySubsequences: false)
            guard header.count > 2, header[0] == "plugin", header[1] == "table", header[2] != "key" else { continue }
            let fields = lines[1].split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
            let file = URL(fileURLWithPath: folder).appendingPathComponent("\(fields[0])__\(fields[1]).csv")
            let expected = lines.map { $0.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)[2] }
                .joined(separator: "\r\n") + "\r\n"
            #expect(try String(contentsOf: file, encoding: .utf8) == expected, "\(file.lastPathComponent)")
            tables += 1
        }
        #expect(tables >= 3 && names.count == tables + 4, "\(names)")
        let summary = try String(contentsOf: URL(fileURLWithPath: folder + "summary.csv"), encoding: .utf8)
        #expect(summary.hasPrefix("plugin,key,value\r\nquota-attainment-by-coaching-quality,rep_periods,12000\r\n"))
        let findings = try String(contentsOf: URL(fileURLWithPath: folder + "findings.csv"), encoding: .utf8)
        #expect(findings.hasPrefix("plugin,finding\r\nquota-attainment-by-coaching-quality,\"Reps under coaches who exceed expectations"))
    }

    /// A path that is not a folder is the single file it always was, byte for byte.
    @Test func aFilePathIsStillOneFile() throws {
        let file = TestFiles.temporaryDirectory("result-file").appendingPathComponent("results.csv")
        let run = try CLIRun(["run", "Datasets/sample-org", "--format", "csv", "-o", file.path] + Self.plugins)
        #expect(run.status == 0, "\(run.stderr)")
        let single = try CLIRun(["run", "Datasets/sample-org", "--format", "csv"] + Self.plugins)
        #expect(try String(contentsOf: file, encoding: .utf8) == single.stdout)
    }

    /// `report` writes the same folder from a dataset; an existing folder is written into.
    @Test func reportWritesTheSameFolder() throws {
        let fromRun = TestFiles.temporaryDirectory("folder-run")
        let fromReport = TestFiles.temporaryDirectory("folder-report")
        #expect(try CLIRun(["run", "Datasets/sample-org", "--format", "csv", "-o", fromRun.path] + Self.plugins).status == 0)
        #expect(try CLIRun(["report", "Datasets/sample-org", "--format", "csv", "-o", fromReport.path] + Self.plugins).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: fromRun.path).sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: fromReport.path).sorted() == names)
        for name in names {
            #expect(try Data(contentsOf: fromRun.appendingPathComponent(name)) == Data(contentsOf: fromReport.appendingPathComponent(name)), "\(name)")
        }
    }

    @Test func aFolderThatCannotBeMadeIsAClearError() throws {
        let scratch = TestFiles.temporaryDirectory("folder-blocked")
        let blocker = TestFiles.write("x", to: "file", in: scratch)
        let run = try CLIRun(["run", "Datasets/sample-org", "--format", "csv", "-o", blocker.path + "/sub/"] + Self.plugins)
        #expect(run.status == 1)
        #expect(run.stderr == "Error: \(blocker.path)/sub/: cannot be made a folder (Not a directory)\n", "\(run.stderr)")
    }
}
