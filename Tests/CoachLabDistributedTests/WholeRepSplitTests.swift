import CoachLabDistributed
import CoachLabGenerator
import CoachLabIngestion
import CoachLabPluginAPI
import CoachLabTestSupport
import Foundation
import PropertyBased
import Testing

/// `coachlab split` as a library: every data line of every rep-level table in exactly one
/// part, byte for byte, in the part of its rep; problems refused with nothing written.
@Suite struct WholeRepSplitTests {
    static let sample = TestFiles.repositoryRoot.appendingPathComponent("Datasets/sample-org").path

    /// A generated org with every rep-level table, programs.csv included.
    static let generated: String = {
        let folder = TestFiles.temporaryDirectory("split-generated").path
        var model = OrgModel()
        model.program = ProgramRollout(cohorts: 2, effect: 0.05)
        _ = try! OrgGenerator(reps: 150, months: 10, seed: 7, model: model, includeCoachingTables: true).write(to: folder)
        return folder
    }()

    /// Splits `dataset` into `parts` parts in a fresh folder and returns the folder.
    static func split(_ dataset: String, parts: Int, mapping: DatasetMapping? = nil) throws -> String {
        let out = TestFiles.temporaryDirectory("split-out").path + "/parts"
        _ = try WholeRepSplit(dataset: dataset, mapping: mapping, partition: RepPartition(parts: parts)!).write(to: out)
        return out
    }

    /// The lines of `bytes`, each with its LF.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(Array(bytes[start...index]))
            start = index + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    static func bytes(_ path: String) -> [UInt8] { Array(FileManager.default.contents(atPath: path) ?? Data()) }

    /// Checks that the parts in `out` hold the data lines of each of `tables` in `dataset`
    /// exactly once, byte for byte, each in the part of its rep, after the table's header.
    static func expectWholeReps(_ dataset: String, _ out: String, parts: Int, tables: [String]) {
        let partition = RepPartition(parts: parts)!
        let names = (try? FileManager.default.contentsOfDirectory(atPath: out).sorted()) ?? []
        #expect(names == (0..<parts).map(RepPartition.folderName))
        for table in tables {
            let source = lines(bytes(dataset + "/" + table))
            let header = source[0]
            let repColumn = String(decoding: header, as: UTF8.self).trimmingCharacters(in: .newlines)
                .split(separator: ",").firstIndex(of: "rep_id")!
            var copied: [[UInt8]] = []
            for part in 0..<parts {
                let partLines = lines(bytes(out + "/" + RepPartition.folderName(part) + "/" + table))
                #expect(partLines.first == header, "\(table), part \(part): no header")
                for line in partLines.dropFirst() {
                    let rep = String(decoding: line, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)[repColumn]
                    #expect(partition.part(of: String(rep)) == part, "\(table): rep \(rep) in part \(part)")
                    copied.append(line)
                }
            }
            let ordered = { (a: [UInt8], b: [UInt8]) in a.lexicographicallyPrecedes(b) }
            let (found, expected) = (copied.sorted(by: ordered), source.dropFirst().sorted(by: ordered))
            if found != expected {
                let first = zip(found, expected).first { $0 != $1 }.map { String(decoding: $0.0, as: UTF8.self) } ?? "(a line missing or extra at the end)"
                Issue.record("\(table) with \(parts) parts: \(found.count) lines copied of \(expected.count); the first that differs: \(first)")
            }
        }
    }

    @Test(arguments: [1, 3, 7])
    func theSampleOrgSplitsIntoWholeReps(parts: Int) throws {
        let out = try Self.split(Self.sample, parts: parts)
        Self.expectWholeReps(Self.sample, out, parts: parts, tables: ["performance.csv", "coaching_sessions.csv", "assignments.csv"])
    }

    @Test(arguments: [1, 3, 7])
    func aGeneratedOrgSplitsIntoWholeReps(parts: Int) throws {
        let out = try Self.split(Self.generated, parts: parts)
        Self.expectWholeReps(Self.generated, out, parts: parts,
                             tables: ["performance.csv", "coaching_sessions.csv", "assignments.csv", "programs.csv"])
    }

    /// Any number of parts, the rows in any order: every line once, in its rep's part.
    @Test func anyPartCountAndRowOrderKeepsEachRepWhole() async throws {
        await propertyCheck(count: 8, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = SplitMixGenerator(seed: UInt64(seed))
            let parts = Int.random(in: 1...40, using: &random)
            let folder = TestFiles.temporaryDirectory("split-shuffled").path
            for name in ["managers.csv", "reps.csv", "coaching_sessions.csv", "assignments.csv"] {
                try? FileManager.default.copyItem(atPath: Self.sample + "/" + name, toPath: folder + "/" + name)
            }
            var performance = Self.lines(Self.bytes(Self.sample + "/performance.csv"))
            let header = performance.removeFirst()
            _ = FileManager.default.createFile(
                atPath: folder + "/performance.csv", contents: Data(([header] + performance.shuffled(using: &random)).joined()))
            do {
                let out = try Self.split(folder, parts: parts)
                Self.expectWholeReps(folder, out, parts: parts, tables: ["performance.csv", "coaching_sessions.csv", "assignments.csv"])
            } catch {
                Issue.record("seed \(seed), \(parts) parts: \(error)")
            }
        }
    }

    /// `run --blocks` places reps by their row of reps.csv: part k holds the codes
    /// `reps(ofPart: k)`, the parts' ranges tile every rep in order, and each rep's part is
    /// the one whose range holds it.
    @Test func rowRangesTileTheRepsInOrder() async {
        await propertyCheck(count: 300, input: Gen.int(in: 1...5_000), Gen.int(in: 1...300)) { reps, parts in
            let partition = RepPartition(parts: parts, placement: .rowRanges)!
            let ranges = (0..<parts).map { partition.reps(ofPart: $0, reps: reps) }
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == reps)
            #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
            for rep in 0..<reps {
                let part = partition.part(ofRep: Int32(rep), of: reps, hash: UInt64(rep) &* 0x9E37_79B9_7F4A_7C15)
                #expect(ranges.indices.contains(part) && ranges[part].contains(rep), "rep \(rep) of \(reps), \(parts) parts")
            }
        }
    }

    /// A split by rows of reps.csv copies every line once, into the part whose range holds
    /// its rep's row.
    @Test(arguments: [1, 3, 7])
    func aSplitByRowRangesKeepsEachRepWholeInItsRange(parts: Int) throws {
        let out = TestFiles.temporaryDirectory("split-rows").path + "/parts"
        let partition = RepPartition(parts: parts, placement: .rowRanges)!
        _ = try WholeRepSplit(dataset: Self.generated, mapping: nil, partition: partition).write(to: out)
        let repLines = Self.lines(Self.bytes(Self.generated + "/reps.csv")).dropFirst()
        let codes = Dictionary(uniqueKeysWithValues: repLines.enumerated().map { index, line in
            (String(decoding: line, as: UTF8.self).split(separator: ",")[0], index)
        })
        var copied = 0
        for part in 0..<parts {
            let range = partition.reps(ofPart: part, reps: codes.count)
            for line in Self.lines(Self.bytes(out + "/" + RepPartition.folderName(part) + "/performance.csv")).dropFirst() {
                let rep = String(decoding: line, as: UTF8.self).split(separator: ",")[0]
                #expect(codes[rep].map(range.contains) == true, "rep \(rep) in part \(part)")
                copied += 1
            }
        }
        #expect(copied == Self.lines(Self.bytes(Self.generated + "/performance.csv")).count - 1)
    }

    /// The placement is fixed: the hashes of a reference SipHash-2-4 under the documented key.
    @Test func aRepsPartIsItsIDsSipHashUnderTheDocumentedKey() {
        let key = RepPartition.key
        let keyBytes = withUnsafeBytes(of: key.0.littleEndian, Array.init) + withUnsafeBytes(of: key.1.littleEndian, Array.init)
        #expect(String(decoding: keyBytes, as: UTF8.self) == "CoachLabRepSplit")
        // Computed by an independent implementation (Python, from the paper's pseudocode).
        let expected: [(String, UInt64)] = [
            ("R0000001", 0x7ED2_F7CD_9738_2064), ("R0000002", 0xC95D_AA3F_EAF0_BB6E), ("A,1", 0x5D94_7CAC_8E44_2566),
            ("Zoë", 0x23FB_6809_70C1_7600),
        ]
        for (id, hash) in expected {
            #expect(Array(id.utf8).withUnsafeBytes(RepPartition.hash) == hash, "\(id)")
            #expect(RepPartition(parts: 7)!.part(of: id) == Int(hash % 7))
            #expect(RepPartition(parts: 7)!.part(of: "  \(id)\t") == Int(hash % 7), "surrounding spaces are not part of an id")
        }
        #expect(RepPartition(parts: 0) == nil && RepPartition(parts: RepPartition.maximumParts + 1) == nil)
        #expect(RepPartition.folderName(42) == "part-00042")
    }
}
