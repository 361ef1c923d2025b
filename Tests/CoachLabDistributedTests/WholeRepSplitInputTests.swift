import CoachLabDistributed
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabTestSupport
import Foundation
import Testing

/// What a split makes of awkward bytes (quotes, CRLF, a byte-order mark, blank lines, no
/// final line break, other encodings and delimiters, report footers) and what it refuses.
@Suite struct WholeRepSplitInputTests {
    static let managers = "manager_id,coaching_quality\nM1,exceeds\nM2,meets\n"
    static let reps = "rep_id,manager_id\n\"A,1\",M1\nB,M1\n\"C \"\"q\"\"\",M2\nD,M2\n"

    /// A dataset of `files` (name → bytes) with the managers and reps above unless given.
    static func dataset(_ files: [String: [UInt8]]) -> String {
        let folder = TestFiles.temporaryDirectory("split-input")
        var all = ["managers.csv": Array(managers.utf8), "reps.csv": Array(reps.utf8)]
        all.merge(files) { $1 }
        for (name, bytes) in all { TestFiles.write(Data(bytes), to: name, in: folder) }
        return folder.path
    }

    static func split(_ dataset: String, parts: Int, mapping: DatasetMapping? = nil, into out: String? = nil) throws -> (String, [WholeRepSplit.TableSummary]) {
        let out = out ?? TestFiles.temporaryDirectory("split-out").path + "/parts"
        let summaries = try WholeRepSplit(dataset: dataset, mapping: mapping, partition: RepPartition(parts: parts)!).write(to: out)
        return (out, summaries)
    }

    static func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    /// The message of the split's error, or nil when it succeeded.
    static func refusal(_ dataset: String, parts: Int = 3, mapping: DatasetMapping? = nil, into out: String? = nil) -> String? {
        do {
            _ = try split(dataset, parts: parts, mapping: mapping, into: out)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Nothing at `out`, and no hidden temporary folder beside it.
    static func expectNothingWritten(_ out: String) {
        let parent = (out as NSString).deletingLastPathComponent
        let left = (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!left.contains { $0.hasPrefix(".parts.split-") }, "left behind: \(left)")
    }

    /// Each part's file is the header and then, in file order, exactly the records of its reps.
    @Test(arguments: [1, 2, 5])
    func recordsAreCopiedByteForByteIntoTheirRepsPart(parts: Int) throws {
        let header = "\u{FEFF}rep_id,period,quota,bookings\r\n"
        let records: [(rep: String, text: String)] = [
            ("A,1", "\"A,1\",2024-01,100,90\r\n"),
            ("B", " B ,2024-01,100,90\r\n"),
            ("C \"q\"", "\"C \"\"q\"\"\",2024-01,100,90\r\n"),
            ("D", "D,2024-01,100,90\n"),
            ("B", "B,2024-02,100,90\r\n"),
            ("A,1", "\"A,1\",2024-02,100,90"),
        ]
        // A blank line and one of spaces are not rows, and are not copied.
        let performance = header + records[0..<4].map(\.text).joined() + "\r\n   \n" + records[4...].map(\.text).joined()
        let sessionsHeader = "session_id,rep_id,manager_id,date,duration_min,kind,focus_areas\n"
        let sessions: [(rep: String, text: String)] = [
            ("A,1", "S1,\"A,1\",M1,2024-01-05,30,coaching,\"demo;\nclosing\"\n"),
            ("D", "S2,D,M2,2024-01-06,30,review,demo\n"),
        ]
        let assignmentsHeader = "assignment_id,session_id,rep_id,assigned_on,due_on\n"
        let assignments: [(rep: String, text: String)] = [("D", "X1,S2,D,2024-01-06,2024-01-20\n"), ("A,1", "X2,S1,\"A,1\",2024-01-05,2024-01-20\n")]
        let folder = Self.dataset([
            "performance.csv": Array(performance.utf8),
            "coaching_sessions.csv": Array((sessionsHeader + sessions.map(\.text).joined()).utf8),
            "assignments.csv": Array((assignmentsHeader + assignments.map(\.text).joined()).utf8),
        ])
        let (out, summaries) = try Self.split(folder, parts: parts)
        #expect(summaries.map(\.rows) == [6, 2, 2])
        let partition = RepPartition(parts: parts)!
        for part in 0..<parts {
            let place = out + "/" + RepPartition.folderName(part) + "/"
            for (file, head, rows) in [("performance.csv", header, records), ("coaching_sessions.csv", sessionsHeader, sessions),
                                       ("assignments.csv", assignmentsHeader, assignments)] {
                let expected = head + rows.filter { partition.part(of: $0.rep) == part }.map(\.text).joined()
                #expect(Self.bytes(place + file) == Array(expected.utf8), "\(file), part \(part) of \(parts)")
            }
        }
        // Each part loads as a shard: its rows, no more.
        var loaded = 0
        for part in 0..<parts {
            let loader = ShardLoader(dimensions: folder, table: .performance, columns: nil, selection: [])
            let (dataset, records) = try loader.loadPart(
                folder: out + "/" + RepPartition.folderName(part), tables: [.assignments], shardID: nil)
            loaded += dataset.rowCount(of: .performance)
            #expect(records.map(\.table) == [.performance, .coachingSessions, .assignments])
            #expect(dataset.rowCount(of: .assignments) == records[2].rows)
        }
        #expect(loaded == 6)
    }

    @Test func anUnknownOrEmptyRepIsAProblemNamingFileLineColumnAndValue() {
        let folder = Self.dataset(["performance.csv": Array("period,rep_id,quota,bookings\n2024-01,B,1,1\n2024-01,R9,1,1\n2024-02, ,1,1\n2024-03\n".utf8)])
        let out = TestFiles.temporaryDirectory("split-refused").path + "/parts"
        let message = Self.refusal(folder, into: out) ?? ""
        #expect(message.contains("3 problems in the input"), "\(message)")
        #expect(message.contains("\(folder)/performance.csv:3: column 'rep_id': 'R9' is not in reps.csv"), "\(message)")
        #expect(message.contains("\(folder)/performance.csv:4: column 'rep_id': is empty; it must name a row of reps.csv"), "\(message)")
        #expect(message.contains("\(folder)/performance.csv:5: column 'rep_id': is missing: the row has 1 field(s) and the header 4"), "\(message)")
        Self.expectNothingWritten(out)
    }

    @Test func anAssignmentNamingAnotherRepsSessionIsRefused() {
        let folder = Self.dataset([
            "performance.csv": Array("rep_id,period,quota,bookings\nB,2024-01,1,1\n".utf8),
            "coaching_sessions.csv": Array("session_id,rep_id,manager_id,date,duration_min,kind\nS1,B,M1,2024-01-05,30,coaching\n".utf8),
            "assignments.csv": Array("assignment_id,session_id,rep_id,assigned_on,due_on\nX1,S1,B,2024-01-05,2024-01-09\nX2,S1,D,2024-01-05,2024-01-09\n".utf8),
        ])
        let message = Self.refusal(folder) ?? ""
        #expect(message.contains("\(folder)/assignments.csv:3: column 'session_id': 'S1' is not a session of rep 'D' in coaching_sessions.csv"), "\(message)")
        #expect(!message.contains("assignments.csv:2:"), "\(message)")
    }

    @Test func aBrokenQuoteStopsTheSplitAtItsLine() {
        let folder = Self.dataset(["performance.csv": Array("rep_id,period,quota,bookings\nB,2024-01,1,1\nB\"x,2024-02,1,1\n".utf8)])
        let message = Self.refusal(folder) ?? ""
        #expect(message.contains("\(folder)/performance.csv:3: malformed quoted field"), "\(message)")
        let open = Self.dataset(["performance.csv": Array("rep_id,period,quota,bookings\nB,2024-01,1,1\n\"B,2024-02,1,1\nD,2024-03,1,1\n".utf8)])
        #expect(Self.refusal(open)?.contains("\(open)/performance.csv:3: unterminated quoted field") == true)
    }

    @Test func theOutputMustBeNewOrEmptyAndOutsideTheDataset() throws {
        let folder = Self.dataset(["performance.csv": Array("rep_id,period,quota,bookings\nB,2024-01,1,1\n".utf8)])
        let taken = TestFiles.temporaryDirectory("split-taken")
        TestFiles.write("keep me", to: "notes.txt", in: taken)
        #expect(Self.refusal(folder, into: taken.path)?.contains("exists and is not empty") == true)
        #expect(Self.bytes(taken.path + "/notes.txt") == Array("keep me".utf8))
        #expect(Self.refusal(folder, into: folder + "/parts")?.contains("is inside the dataset") == true)
        #expect(Self.refusal(folder, into: folder + "/../" + (folder as NSString).lastPathComponent + "/x/y")?.contains("is inside the dataset") == true)
        #expect(!FileManager.default.fileExists(atPath: folder + "/parts"))
        // An empty folder is filled.
        let empty = TestFiles.temporaryDirectory("split-empty").path
        let (out, _) = try Self.split(folder, parts: 2, into: empty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["part-00000", "part-00001"])
    }

    /// An export read through a mapping: its file names, headers, delimiter and encoding; a
    /// report footer is left out of every part and counted.
    @Test func anExportSplitsThroughItsMapping() throws {
        func latin1(_ text: String) -> [UInt8] { text.unicodeScalars.map { UInt8($0.value) } }
        let folder = Self.dataset([
            "managers.csv": latin1("Manager;Tier\nM1;exceeds\n"),
            "reps.csv": latin1("User;Boss\nZoë;M1\nB;M1\n"),
            "Report.csv": latin1("Period;Owner;Quota;Bookings\r\n2024-01;Zoë;1;1\r\n2024-01;B;1;1\r\n2024-02;N/A;1;1\r\n"),
        ])
        var mapping = DatasetMapping(missingValues: ["N/A"])
        mapping.delimiter = UInt8(ascii: ";")
        mapping.encoding = .iso88591
        mapping.tables[.managers] = .init(columns: ["manager_id": .init(header: "Manager"), "coaching_quality": .init(header: "Tier")])
        mapping.tables[.reps] = .init(columns: ["rep_id": .init(header: "User"), "manager_id": .init(header: "Boss")])
        mapping.tables[.performance] = .init(file: "Report.csv", columns: [
            "rep_id": .init(header: "Owner"), "period": .init(header: "Period"),
            "quota": .init(header: "Quota"), "bookings": .init(header: "Bookings"),
        ])
        // The missing-value token reads as an empty rep, as the loader reads it.
        #expect(Self.refusal(folder, mapping: mapping)?.contains("\(folder)/Report.csv:4: column 'Owner': is empty") == true)

        let footer = "\"Grand Totals (2 records)\"\r\n\"\"\r\n\"Copyright (c) 2000-2024 salesforce.com, inc. All rights reserved.\"\r\n"
        TestFiles.write(Data(latin1("Period;Owner;Quota;Bookings\r\n2024-01;Zoë;1;1\r\n2024-01;B;1;1\r\n" + footer)), to: "Report.csv", in: URL(fileURLWithPath: folder))
        let (out, summaries) = try Self.split(folder, parts: 3, mapping: mapping)
        #expect(summaries.count == 1 && summaries[0].rows == 2 && summaries[0].fileName == "Report.csv")
        #expect(summaries[0].footer?.lines == 3 && summaries[0].footerLine == 4)
        let zoe = RepPartition(parts: 3)!.part(of: "Zoë")
        let zoeFile = Self.bytes(out + "/" + RepPartition.folderName(zoe) + "/Report.csv")
        #expect(zoeFile.starts(with: latin1("Period;Owner;Quota;Bookings\r\n")) && zoeFile.count > 0)
        #expect(String(decoding: zoeFile, as: UTF8.self).contains("Grand") == false)
        #expect(zoeFile.contains(0xEB), "the file keeps its encoding")

        mapping.encoding = .utf16
        #expect(Self.refusal(folder, mapping: mapping)?.contains("UTF-16") == true)
    }
}

extension WholeRepSplitInputTests {
    /// A part without a table the plugins read, which the dataset has, is not a part of it.
    @Test func aPartLackingATableTheDatasetHasIsRefused() throws {
        let folder = Self.dataset([
            "performance.csv": Array("rep_id,period,quota,bookings\nB,2024-01,1,1\n".utf8),
            "coaching_sessions.csv": Array("session_id,rep_id,manager_id,date,duration_min,kind\nS1,B,M1,2024-01-05,30,coaching\n".utf8),
        ])
        let (out, _) = try Self.split(folder, parts: 1)
        let part = out + "/part-00000"
        try FileManager.default.removeItem(atPath: part + "/coaching_sessions.csv")
        let loader = ShardLoader(dimensions: folder, table: .performance, columns: nil, selection: [])
        #expect(throws: ShardError.self) { try loader.loadPart(folder: part, tables: [.coachingSessions], shardID: nil) }
        do {
            _ = try loader.loadPart(folder: part, tables: [.coachingSessions], shardID: nil)
        } catch {
            #expect(error.description.contains("the plugins read coaching_sessions.csv, which \(folder) has and the part \(part) does not"), "\(error)")
        }
        // Performance alone still loads; without performance.csv the folder is no part.
        let (dataset, records) = try loader.loadPart(folder: part, tables: [], shardID: "p0")
        #expect(dataset.rowCount(of: .performance) == 1 && records.map(\.id) == ["p0"])
        try FileManager.default.removeItem(atPath: part + "/performance.csv")
        #expect(throws: ShardError.self) { try loader.loadPart(folder: part, tables: [], shardID: nil) }
    }
}
