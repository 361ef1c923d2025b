import Testing
@testable import CoachLabIngestion
@testable import CoachLabCache

/// A file's checksum taken by several threads at once equals the one taken as it was
/// written in pieces of any size, across the boundaries where pieces are folded.
@Suite struct ChecksumTests {
    @Test(arguments: [0, 32, 4096, Checksum.pieceSize, Checksum.pieceSize + 32, 5 * Checksum.pieceSize / 2])
    func threadsAndWritesAgree(length: Int) {
        var state: UInt64 = 0x1234_5678
        let bytes = (0..<length).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        bytes.withUnsafeBytes { all in
            var whole = Checksum()
            whole.add(all)
            var written = Checksum()
            var offset = 0
            var step = 32
            while offset < length {
                let take = min(step, length - offset)
                written.add(UnsafeRawBufferPointer(rebasing: all[offset..<(offset + take)]))
                offset += take
                step = step * 3 % 100_000 / 32 * 32 + 32
            }
            #expect(written.value == whole.value)
            for threads in [1, 2, 3, 8] { #expect(Checksum.of(all, threads: threads) == whole.value) }
        }
    }

    @Test func anyChangedByteChangesIt() {
        var bytes = [UInt8](repeating: 7, count: 2 * Checksum.pieceSize + 64)
        let original = bytes.withUnsafeBytes { Checksum.of($0, threads: 2) }
        for position in [0, 31, Checksum.pieceSize - 1, Checksum.pieceSize, bytes.count - 1] {
            bytes[position] ^= 1
            #expect(bytes.withUnsafeBytes { Checksum.of($0, threads: 2) } != original)
            bytes[position] ^= 1
        }
    }

    /// Words are summed, so only their positions tell a file from one with its stripes
    /// moved: a swap within a piece, across pieces, or of two words in a stripe is caught.
    @Test func movedStripesChangeIt() {
        var state: UInt64 = 0x9E37_79B9
        let bytes = (0..<(2 * Checksum.pieceSize + 64)).map { _ -> UInt8 in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        let original = bytes.withUnsafeBytes { Checksum.of($0, threads: 2) }
        func swapped(_ a: Int, _ b: Int, length: Int) -> UInt64 {
            var copy = bytes
            for i in 0..<length { copy.swapAt(a + i, b + i) }
            return copy.withUnsafeBytes { Checksum.of($0, threads: 2) }
        }
        #expect(swapped(0, 32, length: 32) != original)
        #expect(swapped(64, Checksum.pieceSize + 64, length: 32) != original)
        #expect(swapped(0, 8, length: 8) != original)
        #expect(swapped(0, 16, length: 8) != original)
    }
}

/// A column copied out of a cache file by several threads is the column, whatever the
/// split (odd sizes, more threads than 64-byte blocks).
@Suite struct ParallelCopyTests {
    @Test(arguments: [1, 63, 64, 1_000, 4_097, 1 << 20])
    func everyByteArrivesOnce(bytes: Int) {
        let source = (0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        for threads in [1, 2, 3, 7] {
            var destination = [UInt8](repeating: 0xAA, count: bytes + 16)
            source.withUnsafeBytes { source in
                destination.withUnsafeMutableBytes { destination in
                    ParallelCopy(source: source.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, bytes: bytes)
                        .run(into: destination.baseAddress!, threads: threads)
                }
            }
            #expect(Array(destination[..<bytes]) == source, "\(bytes) bytes, \(threads) threads")
            #expect(destination[bytes...].allSatisfy { $0 == 0xAA }, "nothing written past the end")
        }
    }
}
