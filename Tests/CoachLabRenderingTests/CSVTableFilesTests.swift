import CoachLabPluginAPI
import CoachLabRendering
import CoachLabStatistics
import Testing
import CoachLabRunner

/// `run --format csv -o DIR`: one tidy file per table, each with one header.
@Suite struct CSVTableFilesTests {
    func text(_ file: CSVTableFiles.File) -> String {
        var bytes: [UInt8] = []
        file.write { bytes.append(contentsOf: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func aFilePerTableThenSummaryFindingsAndNotes() {
        let files = CSVTableFiles().files(sampleReport)
        #expect(files.map(\.name) == ["sample-metric__by_tier.csv", "summary.csv", "findings.csv", "notes.csv"])
        #expect(text(files[0]) == "tier,rate,ci_low,ci_high\r\nexceeds,0.95,0.94,0.96\r\n\"meets, \"\"mostly\"\"\",,,\r\n")
        #expect(text(files[1]) == "plugin,key,value\r\nsample-metric,rep_periods,12345\r\nsample-metric,p_value,1.0000000000000002e-300\r\n"
            + "sample-metric,tiny,0.30000000000000004\r\nsample-metric,missing,\r\n")
        #expect(text(files[2]) == "plugin,finding\r\nsample-metric,\"\(HumanFormat.sentence(sampleResult.findings[0]))\"\r\n")
        #expect(text(files[3]) == "plugin,note\r\nsample-metric,\"A note with \"\"quotes\"\" and a | pipe.\"\r\n")
    }

    /// The single-file CSV's last block, as a file of its own.
    @Test func theAdjustmentHasAFileWhenThereIsOne() {
        var report = sampleReport
        report.multipleTesting = MultipleTesting(results: report.results, method: .holm)
        let files = CSVTableFiles().files(report)
        #expect(files.last?.name == "multiple_testing.csv")
        #expect(text(files.last!) == "plugin,key,p_value,p_adjusted,method,family_size,alpha\r\n"
            + "sample-metric,p_value,1.0000000000000002e-300,1.0000000000000002e-300,holm,1,0.05\r\n")
    }

    /// A researcher's table name never reaches outside the folder, nor hides as a dot file.
    @Test func namesStayInsideTheFolder() {
        #expect(CSVTableFiles.fileName("my-plugin", "by_tier") == "my-plugin__by_tier.csv")
        #expect(CSVTableFiles.fileName("p", "../../etc/passwd") == "p__.._.._etc_passwd.csv")
        #expect(CSVTableFiles.fileName(".p", "t é") == "_p__t__.csv")
    }
}
