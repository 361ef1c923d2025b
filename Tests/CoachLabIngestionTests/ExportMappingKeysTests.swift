import CoachLabData
import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion

private func parse(_ yaml: String) throws -> DatasetMapping {
    try MappingFile.parse("version: 1\n" + yaml, file: "m.yaml")
}

private func problem(_ yaml: String) -> String {
    do {
        _ = try parse(yaml)
        return "no problem"
    } catch {
        return "\(error)"
    }
}

/// The mapping keys of issue 26 (docs/MAPPING.md): `encoding:`, `footer:`, pattern lists,
/// `attainment`, and a draft's TODO left in place.
@Suite struct ExportMappingKeysTests {
    @Test func encodingAndFooterAtTheTopAndUnderATable() throws {
        let mapping = try parse("""
            encoding: windows-1252
            footer: none
            tables:
              reps:
                file: r.csv
                encoding: UTF-16
                footer: auto
              managers:
                file: m.csv
            """)
        #expect(mapping.encoding(of: .reps) == .utf16)
        #expect(mapping.encoding(of: .managers) == .windows1252)
        #expect(mapping.skipsFooter(of: .reps) && !mapping.skipsFooter(of: .managers))
        #expect(mapping.tables[.reps]?.line == 5)
        #expect(problem("encoding: latin1\ntables: {}\n")
            == "m.yaml:2: encoding must be one of utf-8, utf-8-sig, windows-1252, iso-8859-1, utf-16, not 'latin1'")
        #expect(problem("tables:\n  reps:\n    footer: skip\n")
            == "m.yaml:4: tables.reps.footer must be auto (a report footer after the data is skipped) or none (read as rows), not 'skip'")
    }

    @Test func patternListsAndTheirLines() throws {
        let mapping = try parse("""
            tables:
              reps:
                columns:
                  hire_date: { header: Hired, date: ["dd.MM.yyyy", "yyyy-MM-dd"] }
            """)
        let column = try #require(mapping.tables[.reps]?.columns["hire_date"])
        #expect(column.format?.datePatterns.map(\.description) == ["dd.MM.yyyy", "yyyy-MM-dd"])
        #expect(column.line == 5)
        #expect(mapping.place(of: "hire_date", in: .reps) == "m.yaml:5")
        #expect(mapping.place(of: "region", in: .reps) == "m.yaml:4")
        #expect(problem("tables:\n  reps:\n    columns:\n      hire_date: { header: H, date: [] }\n")
            == "m.yaml:5: tables.reps.columns.hire_date.date must name at least one pattern")
        #expect(problem("tables:\n  reps:\n    columns:\n      hire_date: { header: H, date: [\"dd.MM.yyyy\", \"MM/yyyy\"] }\n")
            == "m.yaml:5: tables.reps.columns.hire_date: 'MM/yyyy' has no day (d or dd); hire_date is a date")
    }

    @Test func aListReadsEachValueByThePatternThatFitsAndRefusesOnesTwoReadDifferently() throws {
        let format = ValueFormat(datePatterns: [try DatePattern("dd/MM/yyyy"), try DatePattern("MM/dd/yyyy"), try DatePattern("yyyy-MM-dd")])
        func read(_ text: String) -> ValueFormat.DateReading { Array(text.utf8).withUnsafeBytes { format.date($0) } }
        #expect(read("25/12/2024") == .value(CivilDate.days(year: 2024, month: 12, day: 25)))
        #expect(read("12/25/2024") == .value(CivilDate.days(year: 2024, month: 12, day: 25)))
        #expect(read("2024-12-25") == .value(CivilDate.days(year: 2024, month: 12, day: 25)))
        #expect(read("05/05/2024") == .value(CivilDate.days(year: 2024, month: 5, day: 5)))  // both read it alike
        #expect(read("2024/12/25") == .unreadable)
        guard case .ambiguous(let first, let firstDay, let second, let secondDay) = read("03/04/2024") else {
            Issue.record("03/04/2024 must be ambiguous")
            return
        }
        #expect((first.description, CivilDate.format(firstDay)) == ("dd/MM/yyyy", "2024-04-03"))
        #expect((second.description, CivilDate.format(secondDay)) == ("MM/dd/yyyy", "2024-03-04"))
    }

    @Test func anAmbiguousValueIsAProblemNamingBothReadings() throws {
        let folder = TestFiles.dataset(["reps.csv": "rep_id,manager_id,hire_date\nR1,M1,25/12/2019\nR2,M2,03/04/2020\n"])
        var loader = DatasetLoader()
        loader.mapping = try parse("tables:\n  reps:\n    columns:\n      hire_date: { header: hire_date, date: [\"dd/MM/yyyy\", \"MM/dd/yyyy\"] }\n")
        #expect {
            try loader.load(folder: folder.path)
        } throws: { error in
            "\(error)".contains("reps.csv:3: column 'hire_date': '03/04/2020' reads as 2020-04-03 by 'dd/MM/yyyy' and as 2020-03-04 by 'MM/dd/yyyy': write it unambiguously, or keep one of the patterns")
        }
        loader.onError = .skip
        let loaded = try loader.load(folder: folder.path)
        // R2 goes, and with it its performance rows.
        #expect(loaded.report.rejectedByReason.map(\.reason) == [.ambiguousDate, .unknownReference])
        #expect(loaded.dataset.reps.ids == ["R1"])
    }

    @Test func attainmentNeedsPercent() {
        #expect(problem("tables:\n  performance:\n    columns:\n      attainment: { header: Att }\n")
            == "m.yaml:5: tables.performance.columns.attainment: attainment is read as a percentage (124.3% or 124.3 as 1.243): add `percent: true`")
        #expect(problem("tables:\n  performance:\n    columns:\n      attainment: Att\n")
            == "m.yaml:5: tables.performance.columns.attainment: attainment is read as a percentage: write { header: Att, percent: true }")
        #expect(problem("tables:\n  reps:\n    columns:\n      attainment: { header: Att, percent: true }\n").contains("unknown key 'attainment'"))
    }

    @Test func aTODOLeftFromTheDraftIsAnError() {
        #expect(problem("tables:\n  reps:\n    columns:\n      # TODO: which header holds rep_id? (required)\n      # rep_id: \"\"\n")
            == "m.yaml:5: a TODO of the drafted mapping is left: 'TODO: which header holds rep_id? (required)'; settle it, then delete the comment")
        // Only a comment that starts with it: not text in quotes, not a word in a comment.
        #expect(problem("tables:\n  reps:\n    file: \"r # TODO.csv\"   # see the TODO list\n") == "no problem")
    }

    /// `mapping init` proposes a list when no one pattern reads every sample, and flags a
    /// sample two of the list's patterns read differently.
    @Test func theDraftProposesAPatternListWhenTheSamplesNeedIt() {
        guard case .patterns(let list, let note) = MappingDraft.datePattern(["2024-01-15", "15.01.2024", "16.01.2024"], kind: .date) else {
            Issue.record("expected a list")
            return
        }
        #expect(list == ["dd.MM.yyyy", "yyyy-MM-dd"] && note == nil)
        guard case .patterns(let months, let check) = MappingDraft.datePattern(["13/01/2024", "01/13/2024", "02/03/2024"], kind: .date) else {
            Issue.record("expected a list")
            return
        }
        #expect(months == ["MM/dd/yyyy", "dd/MM/yyyy"])
        #expect(check == "CHECK: \"02/03/2024\" is read differently by two of these patterns, and stops the load: keep the one the export uses")
        if case .pattern("yyyy-MM", _) = MappingDraft.datePattern(["2024-01"], kind: .month) { Issue.record("canonical months need no pattern") }
    }

    @Test func theDraftTellsTheEncodingOfASample() {
        var utf16 = [UInt8]([0xFF, 0xFE]) + Array("a;b\nZoë;1\n".data(using: .utf16LittleEndian)!)
        #expect(MappingDraft.encoding(of: &utf16, cutShort: false) == .utf16)
        #expect(String(decoding: utf16, as: UTF8.self) == "a;b\nZoë;1\n")
        var latin = Array("a;b\nZo".utf8) + [0xEB] + Array(";1\n".utf8)
        #expect(MappingDraft.encoding(of: &latin, cutShort: false) == .windows1252)
        #expect(String(decoding: latin, as: UTF8.self) == "a;b\nZoë;1\n")
        var plain = Array("a;b\nZoë;1\n".utf8)
        #expect(MappingDraft.encoding(of: &plain, cutShort: false) == .utf8)
    }
}
