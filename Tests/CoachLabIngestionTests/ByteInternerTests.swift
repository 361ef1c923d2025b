import PropertyBased
import Testing
@testable import CoachLabIngestion

/// The interner gives every value the code of its first appearance whatever path it takes:
/// sorted appends, binary search, the hash table built part-way, and the merge of two
/// pieces' interners.
@Suite struct ByteInternerTests {
    /// Codes by first appearance, the plain way.
    static func reference(_ values: [String]) -> (codes: [Int32], strings: [String]) {
        var seen: [String: Int32] = [:]
        var strings: [String] = []
        let codes = values.map { value -> Int32 in
            if let code = seen[value] { return code }
            seen[value] = Int32(strings.count)
            strings.append(value)
            return Int32(strings.count - 1)
        }
        return (codes, strings)
    }

    static func intern(_ values: [String], into interner: inout ByteInterner) -> [Int32] {
        values.map { value in
            var bytes = Array(value.utf8)
            return bytes.withUnsafeMutableBytes { interner.code(for: UnsafeRawBufferPointer($0)) }
        }
    }

    /// Ids as exports write them: a sorted run (reps.csv), then repeats and strays.
    static let ids = Gen.int(in: 0...400).array(of: 0...300).map { draws -> [String] in
        draws.map { "R" + String(repeating: "0", count: $0 < 10 ? 6 : $0 < 100 ? 5 : 4) + String($0) }
    }
    static let sortedRun = Gen.int(in: 0...300).map { count in (0..<count).map { "R\(100_000 + $0)" } }

    @Test func codesAreFirstAppearanceInAnyOrder() async {
        await propertyCheck(count: 300, input: Self.sortedRun, Self.ids) { run, strays in
            let values = run + strays + run
            var interner = ByteInterner()
            let codes = Self.intern(values, into: &interner)
            let expected = Self.reference(values)
            #expect(codes == expected.codes)
            #expect(interner.strings == expected.strings)
        }
    }

    @Test func piecesMergeToTheCodesOfOneInterner() async {
        await propertyCheck(count: 300, input: Self.sortedRun, Self.ids, Gen.int(in: 0...600)) { run, strays, cut in
            let values = run + strays
            let cut = min(cut, values.count)
            var first = ByteInterner()
            var second = ByteInterner()
            let firstCodes = Self.intern(Array(values[..<cut]), into: &first)
            let secondCodes = Self.intern(Array(values[cut...]), into: &second)
            let remap = first.codes(of: second)
            let merged = firstCodes + secondCodes.map { remap[Int($0)] }
            let expected = Self.reference(values)
            #expect(merged == expected.codes)
            #expect(first.strings == expected.strings)
            // The merged interner finds every value again (its bytes were merged whole or one
            // by one), and a forced hash table over them finds them too.
            #expect(Self.intern(values.reversed(), into: &first) == expected.codes.reversed())
            first.prepareForSharedLookups()
            #expect(Self.intern(values, into: &first) == expected.codes)
        }
    }

    @Test func aSortedColumnNeedsNoHashTableUntilItGoesBack() {
        var interner = ByteInterner()
        let run = (0..<1_000).map { "R\(1_000_000 + $0)" }
        #expect(Self.intern(run, into: &interner) == (0..<1_000).map { Int32($0) })
        // Lookups of earlier values (a month boundary) are answered, then many force the table.
        let lookups = (0..<(ByteInterner.searchesBeforeHashing * 3)).map { run[($0 * 37) % run.count] }
        #expect(Self.intern(lookups, into: &interner) == lookups.map { Int32(run.firstIndex(of: $0)!) })
        #expect(Self.intern(["A-new-value", "R1000005"], into: &interner) == [1_000, 5])
    }

    /// A sorted file cut in two: the second piece's values are appended whole (bytes,
    /// offsets and strings at once), then found by binary search and by the hash table.
    @Test func twoSortedPiecesMergeWholeAndEveryValueIsFoundAgain() {
        let run = (0..<1_000).map { "R\(1_000_000 + $0)" + ($0 % 3 == 0 ? "-long-enough-to-pass-eight-bytes" : "") }
        var first = ByteInterner()
        var second = ByteInterner()
        _ = Self.intern(Array(run[..<400]), into: &first)
        _ = Self.intern(Array(run[400...]), into: &second)
        #expect(first.codes(of: second) == (400..<1_000).map { Int32($0) })
        #expect(first.strings == run)
        #expect(Self.intern(run.reversed(), into: &first) == (0..<1_000).reversed().map { Int32($0) })
        first.prepareForSharedLookups()
        let shuffled = run.shuffled()
        let codeOf = Dictionary(uniqueKeysWithValues: run.enumerated().map { ($1, Int32($0)) })
        #expect(Self.intern(shuffled, into: &first) == shuffled.map { codeOf[$0]! })
        #expect(first.count == 1_000)
    }

    @Test func invalidTextIsRefusedOnEveryPath() {
        var interner = ByteInterner()
        _ = Self.intern(["a", "b"], into: &interner)
        for bytes: [UInt8] in [[0x63, 0xFF], [0x00], [0x61, 0x00], [0xC3]] {
            var copy = bytes
            #expect(copy.withUnsafeMutableBytes { interner.code(for: UnsafeRawBufferPointer($0)) } == ByteInterner.invalidUTF8)
        }
        #expect(interner.count == 2)
    }
}
