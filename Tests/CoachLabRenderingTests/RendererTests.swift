import CoachLabPluginAPI
import CoachLabRendering
import CoachLabTestSupport
import Foundation
import Testing
import CoachLabRunner

let sampleResult = MetricResult(
    pluginID: "sample-metric", title: "Sample metric",
    findings: [Finding("Rate {rate}, change {change} ({interval}).", [
        "rate": .value(0.9461, .proportion), "change": .signed(0.097, .proportionDifference),
        "interval": .interval(0.081, 0.112, .proportionDifference, signed: true),
    ])],
    summary: [
        ResultField("rep_periods", .integer(12_345), .count(of: .repMonths)),
        ResultField("p_value", .number(1.0000000000000002e-300), .pValue),
        ResultField("tiny", .number(0.1 + 0.2), .statistic),
        ResultField("missing", .null, .statistic),
    ],
    tables: [ResultTable(name: "by_tier", columns: [
        ResultColumn("tier", label: "Tier", .label),
        ResultColumn("rate", label: "Rate", .proportion),
        ResultColumn("ci_low", label: "low", .proportion),
        ResultColumn("ci_high", label: "high", .proportion),
    ], rows: [
        [.text("exceeds"), .number(0.95), .number(0.94), .number(0.96)],
        [.text("meets, \"mostly\""), .null, .null, .null],
    ])],
    notes: ["A note with \"quotes\" and a | pipe."])

let sampleReport = RunReport(dataset: "Datasets/x", results: [sampleResult],
                             skipped: [.init(pluginID: "other", reason: "needs assignments.csv")])

@Suite struct RendererTests {
    @Test func jsonFollowsTheContractAtFullPrecision() throws {
        let text = JSONRenderer().render(sampleReport)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["dataset"] as? String == "Datasets/x")
        let result = try #require((object["results"] as? [[String: Any]])?.first)
        #expect(result["plugin"] as? String == "sample-metric")
        let summary = try #require(result["summary"] as? [String: Any])
        // Foundation's parser on Linux rounds some doubles: check the text itself.
        #expect(text.contains("\"tiny\": 0.30000000000000004,"))
        #expect(text.contains("\"p_value\": 1.0000000000000002e-300,"))
        #expect(summary["missing"] is NSNull)
        #expect((summary["rep_periods"] as? NSNumber)?.intValue == 12_345)
        let rows = try #require((result["tables"] as? [String: Any])?["by_tier"] as? [[String: Any]])
        #expect(rows.map { $0["tier"] as? String } == ["exceeds", "meets, \"mostly\""])
        #expect(rows[1]["rate"] is NSNull)
        #expect(result["notes"] as? [String] == ["A note with \"quotes\" and a | pipe."])
        // Keys keep the order the plugin gave them.
        let keys = ["\"rep_periods\"", "\"p_value\"", "\"tiny\"", "\"missing\""].map { text.range(of: $0)!.lowerBound }
        #expect(keys == keys.sorted())
    }

    /// The layout, byte for byte: two spaces a level, empty containers inline, escapes,
    /// integers, shortest doubles and null for what is not finite.
    @Test func jsonTextIsLaidOutAsTheContractShowsIt() {
        let result = MetricResult(
            pluginID: "p", title: "T\u{1}\t\"é\"\\",
            findings: [],
            summary: [
                ResultField("n", .integer(-1_234_567_890_123), .count(of: .reps)),
                ResultField("x", .number(-0.5), .statistic),
                ResultField("inf", .number(.infinity), .statistic),
                ResultField("nan", .number(.nan), .statistic),
            ],
            tables: [ResultTable(name: "empty", columns: [ResultColumn("a", label: "A", .count(of: .reps))], rows: [])],
            notes: ["line\nbreak\r"])
        var report = RunReport(dataset: "d", results: [result], skipped: [])
        report.rejections = InputRejections(
            rows: 2, byReason: [(reason: "bad_number", words: "bad numbers", rows: 2)],
            byFile: [(file: "performance.csv", rows: 2)], rejectsFile: "rejects.csv")
        let expected = """
            {
              "dataset": "d",
              "results": [
                {
                  "plugin": "p",
                  "title": "T\\u0001\\t\\"é\\"\\\\",
                  "summary": {
                    "n": -1234567890123,
                    "x": -0.5,
                    "inf": null,
                    "nan": null
                  },
                  "tables": {
                    "empty": []
                  },
                  "notes": [
                    "line\\nbreak\\r"
                  ],
                  "findings": []
                }
              ],
              "input": {
                "rejected_rows": 2,
                "rejected_by_reason": {
                  "bad_number": 2
                },
                "rejected_by_file": {
                  "performance.csv": 2
                },
                "rejects_file": "rejects.csv"
              }
            }

            """
        #expect(JSONRenderer().render(report) == expected)
    }

    @Test func tableLeadsWithTheFindingAndMergesIntervals() {
        let text = TextTableRenderer().render(sampleReport)
        #expect(text.contains("Rate 94.6%, change +9.7 points (+8.1 to +11.2 points)."))
        #expect(text.contains("95% CI"))
        #expect(text.contains("94.0% to 96.0%"))
        #expect(text.contains("12,345"))
        #expect(text.contains("p < 0.001"))
        #expect(text.contains("Skipped other: needs assignments.csv"))
        let lines = text.split(separator: "\n")
        let header = lines.first { $0.hasPrefix("Tier") }!
        let rule = lines.first { $0.hasPrefix("----") }!
        #expect(header.count == rule.count)
    }

    @Test func csvQuotesAndKeepsPrecision() {
        let text = CSVRenderer().render(sampleReport)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == "plugin,table,tier,rate,ci_low,ci_high")
        #expect(lines[1] == "sample-metric,by_tier,exceeds,0.95,0.94,0.96")
        #expect(lines[2] == "sample-metric,by_tier,\"meets, \"\"mostly\"\"\",,,")
        #expect(text.contains("sample-metric,summary,tiny,0.30000000000000004"))
    }

    /// The whole text, byte for byte: blocks apart by a blank line, CRLF line ends, fields
    /// quoted where they hold a comma, a quote or a line break (a CRLF pair included).
    @Test func csvTextIsLaidOutAsSpreadsheetsReadIt() {
        let result = MetricResult(
            pluginID: "p", title: "T", findings: [],
            summary: [ResultField("n", .integer(-3), .count(of: .reps)), ResultField("x", .null, .statistic)],
            tables: [
                ResultTable(name: "t", columns: [ResultColumn("a", label: "A", .label), ResultColumn("b", label: "B", .count(of: .reps))],
                            rows: [[.text("two\r\nlines"), .number(0.1)], [.text("é,\"q\""), .integer(7)]]),
                ResultTable(name: "empty", columns: [ResultColumn("c", label: "C", .count(of: .reps))], rows: []),
            ],
            notes: [])
        let report = RunReport(dataset: "d", results: [result], skipped: [])
        let expected = "plugin,table,a,b\r\np,t,\"two\r\nlines\",0.1\r\np,t,\"é,\"\"q\"\"\",7\r\n\r\n"
            + "plugin,table,c\r\n\r\n"
            + "plugin,table,key,value\r\np,summary,n,-3\r\np,summary,x,\r\n"
        #expect(CSVRenderer().render(report) == expected)
    }


    /// Ids and regions come from a company's exports: one that begins like a formula is
    /// shown by a spreadsheet as text, never run; negative numbers stay numbers.
    @Test func csvTextThatLooksLikeAFormulaIsNotRun() {
        let texts = ["=HYPERLINK(\"http://x\")", "+1+2", "-neg", "@SUM(A1)", "\tx", "\rx", "plain", "a=b", ""]
        let result = MetricResult(
            pluginID: "p", title: "T", findings: [], summary: [ResultField("low", .number(-0.5), .statistic)],
            tables: [ResultTable(name: "t", columns: [ResultColumn("id", label: "Id", .label), ResultColumn("n", label: "N", .count(of: .reps))],
                                 rows: texts.map { [.text($0), .integer(-2)] })],
            notes: [])
        let lines = CSVRenderer().render(RunReport(dataset: "d", results: [result], skipped: []))
            .components(separatedBy: "\r\n")
        #expect(Array(lines[1...9]) == [
            "p,t,\"'=HYPERLINK(\"\"http://x\"\")\",-2", "p,t,\"'+1+2\",-2", "p,t,\"'-neg\",-2", "p,t,\"'@SUM(A1)\",-2",
            "p,t,\"'\tx\",-2", "p,t,\"'\rx\",-2", "p,t,plain,-2", "p,t,a=b,-2", "p,t,,-2",
        ])
        #expect(lines.contains("p,summary,low,-0.5"))
    }
    /// Streamed in pieces of about a megabyte, a large report is the same text as rendered
    /// whole, and no piece splits a row.
    /// A large report is handed on in pieces of about a megabyte, each starting where a row
    /// or member does, that join to the whole text: every row, each written once.
    @Test func jsonAndCSVStreamInPiecesThatJoinToTheWholeText() throws {
        let rows: [[MetricResult.Value]] = (0..<40_000).map { [.text("R\($0)"), .number(Double($0) / 7), .integer($0)] }
        let result = MetricResult(
            pluginID: "big", title: "Big", findings: [], summary: [],
            tables: [ResultTable(name: "by_rep", columns: [
                ResultColumn("rep_id", label: "Rep", .label), ResultColumn("x", label: "X", .statistic),
                ResultColumn("n", label: "N", .count(of: .reps)),
            ], rows: rows)],
            notes: [])
        let report = RunReport(dataset: "d", results: [result], skipped: [])
        func pieces(_ renderer: some ResultRenderer) -> [[UInt8]] {
            var pieces: [[UInt8]] = []
            renderer.write(report) { pieces.append(Array($0)) }
            #expect(pieces.count > 1)
            #expect(pieces.dropLast().allSatisfy { $0.count >= 1 << 20 && $0.count < (1 << 20) + 4096 })
            // Each piece after the first starts at a row's or member's separator.
            #expect(pieces.dropFirst().allSatisfy { [0x0D, 0x2C, 0x0A].contains($0.first) })
            return pieces
        }

        let json = try #require(try JSONSerialization.jsonObject(with: Data(pieces(JSONRenderer()).flatMap { $0 })) as? [String: Any])
        let byRep = try #require(((json["results"] as? [[String: Any]])?.first?["tables"] as? [String: Any])?["by_rep"] as? [[String: Any]])
        #expect(byRep.map { $0["n"] as? Int } == (0..<40_000).map { $0 })

        let csv = String(decoding: pieces(CSVRenderer()).flatMap { $0 }, as: UTF8.self)
        let lines = csv.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.dropFirst().prefix(40_000).map { $0.split(separator: ",")[4] } == (0..<40_000).map { Substring(String($0)) })
    }

    @Test func markdownEscapesPipes() {
        let text = MarkdownRenderer().render(sampleReport)
        #expect(text.contains("## Sample metric"))
        #expect(text.contains("| Tier | Rate | 95% CI |"))
        #expect(text.contains("a \\| pipe"))
        #expect(text.contains("**Rate 94.6%"))
    }

    /// A quoted id in an export may hold a line break or a terminal escape sequence: the
    /// table keeps one line per row and the reader's screen is left alone.
    @Test func controlCharactersInDataAreShownNotObeyed() {
        let ids = ["M\u{1B}[2J\u{1B}[31mX", "two\r\nlines", "tab\there", "plain"]
        let result = MetricResult(
            pluginID: "p", title: "T", findings: [Finding("Manager {id} leads.", ["id": .text(ids[0])])], summary: [],
            tables: [ResultTable(name: "t", columns: [ResultColumn("id", label: "Id", .label), ResultColumn("n", label: "N", .count(of: .reps))],
                                 rows: ids.map { [.text($0), .integer(1)] })],
            notes: [])
        let report = RunReport(dataset: "d", results: [result], skipped: [])
        for text in [TextTableRenderer().render(report), MarkdownRenderer().render(report)] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0 == "\r" || $0 == "\t" })
            #expect(text.contains("M\\x1B[2J\\x1B[31mX"))
            #expect(text.contains("two\\r\\nlines"))
            #expect(text.contains("tab\\there"))
            #expect(text.contains("Manager M\\x1B[2J"))
        }
        #expect(HumanFormat.visible("é \u{85}\u{7F}") == "é \\x85\\x7F")
        #expect(HumanFormat.visible("\u{0}") == "\\x00")
    }

    /// The dataset's name (a state's `@dataset` line), notes and skip reasons are input text
    /// too, escaped in the human formats.
    @Test func theDatasetNameAndNotesCannotReachTheTerminalRaw() {
        let result = MetricResult(pluginID: "p", title: "T", findings: [], summary: [], tables: [], notes: ["rep R\u{1B}]0;owned\u{7} left"])
        let skipped = PluginSelection.Skipped(pluginID: "q", reason: "needs \u{202E}txt.csv")
        let report = RunReport(dataset: "d\nCoachLab results for forged\u{1B}[2J", results: [result], skipped: [skipped])
        for text in [TextTableRenderer().render(report), MarkdownRenderer().render(report)] {
            #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(text)")
            #expect(text.contains("d\\nCoachLab results for forged\\x1B[2J"))
            #expect(text.contains("rep R\\x1B]0;owned\\x07 left"))
            #expect(text.contains("needs \\u{202E}txt.csv"))
        }
    }

    /// Numbers beyond what an integer holds (a forged state's sum, a near-zero quota's
    /// ratio) are written, not trapped on; so are infinities.
    @Test func hugeAndInfiniteNumbersAreWrittenNotTrappedOn() {
        for role in [MetricResult.Role.count(of: .reps), .quantity, .degreesOfFreedom, .statistic, .attainment, .hours] {
            for number in [1e20, -3e300, .infinity, -.infinity, .nan, 9.3e18] {
                #expect(!HumanFormat.format(number, role).isEmpty, "\(role) \(number)")
            }
        }
        #expect(HumanFormat.format(1e20, .quantity) == "1e+20")
        #expect(HumanFormat.format(12_345.4, .quantity) == "12,345")
        #expect(HumanFormat.format(.infinity, .statistic) == "inf")
    }

    /// A narrow interval (a large org) keeps its two ends apart with more digits.
    @Test func intervalsShowTheDigitsThatTellTheirEndsApart() {
        #expect(HumanFormat.interval(0.0029805585, 0.0030328602, .attainmentSlope, signed: true, inSentence: true)
            == "+0.298 to +0.303 points a month")
        #expect(HumanFormat.interval(0.0019, 0.0044, .attainmentSlope) == "0.19 to 0.44 pts/mo")
        #expect(HumanFormat.interval(0.50001, 0.50002, .proportion) == "50.001% to 50.002%")
        #expect(HumanFormat.interval(0.25, 0.25, .proportion) == "25.0% to 25.0%")
    }

    @Test func humanNumbers() {
        #expect(HumanFormat.fixed(0.125, 2) == "0.13")
        #expect(HumanFormat.fixed(-0.0001, 2) == "0.00")
        #expect(HumanFormat.fixed(-2.5, 1) == "-2.5")
        #expect(HumanFormat.grouped(-1_234_567) == "-1,234,567")
        #expect(HumanFormat.format(0.004, .attainmentSlope, signed: true) == "+0.40 pts/mo")
        #expect(HumanFormat.format(0.0321, .pValue) == "p = 0.032")
        #expect(HumanFormat.format(.number(1.5e-7), .statistic) == "1.50e-7")
        #expect(HumanFormat.format(.null, .proportion) == "—")
        #expect(HumanFormat.format(-0.031, .relativeChange) == "-3.1%")
    }

    @Test func longTablesAreLeftToTheMachineFormats() {
        let long = ResultTable(name: "by_month", columns: [ResultColumn("period", label: "Month", .label)],
                               rows: (0..<61).map { [.text("m\($0)")] })
        let report = RunReport(dataset: "d", results: [MetricResult(pluginID: "p", title: "P", tables: [long])])
        for text in [TextTableRenderer().render(report), MarkdownRenderer().render(report)] {
            #expect(text.contains("(by_month: 61 rows, in the JSON and CSV output)"))
            #expect(!text.contains("m60"))
        }
        #expect(CSVRenderer().render(report).contains("m60"))
    }
}
