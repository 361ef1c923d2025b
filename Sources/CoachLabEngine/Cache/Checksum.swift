import Dispatch
/// A fast 64-bit checksum over 32-byte blocks in four independent lanes (so the CPU
/// overlaps them), for detecting a corrupt or truncated cache file. Not cryptographic.
///
/// The input is digested in pieces of ``pieceSize`` bytes, each from the same starting
/// lanes, and the pieces' digests folded in order: so the checksum of a whole file can be
/// taken by several threads at once (``of(_:threads:)``) and still equal the one taken as
/// the file was written, a few bytes at a time.
struct Checksum {
    static let pieceSize = 1 << 20
    private static let seed: (UInt64, UInt64, UInt64, UInt64) =
        (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63)

    private var lanes = Checksum.seed
    private var folded: UInt64 = 0x2545_F491_4F6C_DD1D
    private(set) var length = 0

    /// Adds `bytes`, whose count must be a multiple of 32 (callers pad).
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count % 32 == 0)
        var offset = 0
        while offset < bytes.count {
            let take = min(Self.pieceSize - length % Self.pieceSize, bytes.count - offset)
            lanes = Self.digest(lanes, UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]))
            length += take
            offset += take
            if length % Self.pieceSize == 0 {
                folded = Self.fold(folded, lanes)
                lanes = Self.seed
            }
        }
    }

    var value: UInt64 { Self.finish(Self.fold(folded, lanes), length: length) }

    /// The checksum of `bytes` (a multiple of 32 long), its pieces digested by `threads`
    /// threads at once; equal to adding `bytes` to a new checksum.
    static func of(_ bytes: UnsafeRawBufferPointer, threads: Int) -> UInt64 {
        precondition(bytes.count % 32 == 0)
        let pieces = (bytes.count + pieceSize - 1) / pieceSize
        let digests = UnsafeMutableBufferPointer<(UInt64, UInt64, UInt64, UInt64)>.allocate(capacity: max(1, pieces))
        defer { digests.deallocate() }
        let shared = SharedBytes(bytes: bytes, digests: digests)
        let parts = max(1, min(threads, pieces / 8))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for piece in (pieces * part / parts)..<(pieces * (part + 1) / parts) {
                let start = piece * pieceSize
                let end = min(start + pieceSize, shared.bytes.count)
                shared.digests[piece] = digest(seed, UnsafeRawBufferPointer(rebasing: shared.bytes[start..<end]))
            }
        }
        var folded: UInt64 = 0x2545_F491_4F6C_DD1D
        let whole = bytes.count / pieceSize
        for piece in 0..<whole { folded = fold(folded, digests[piece]) }
        // The last, partial piece (the starting lanes when there is none).
        folded = fold(folded, whole < pieces ? digests[whole] : seed)
        return finish(folded, length: bytes.count)
    }

    private static func digest(
        _ lanes: (UInt64, UInt64, UInt64, UInt64), _ bytes: UnsafeRawBufferPointer
    ) -> (UInt64, UInt64, UInt64, UInt64) {
        var (a, b, c, d) = lanes
        var offset = 0
        while offset < bytes.count {
            a = mix(a, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            b = mix(b, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            c = mix(c, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            d = mix(d, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        return (a, b, c, d)
    }

    @inline(__always)
    private static func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let x = (lane ^ word) &* 0x9FB2_1C65_1E98_DF25
        return x ^ (x >> 31)
    }

    private static func fold(_ h: UInt64, _ lanes: (UInt64, UInt64, UInt64, UInt64)) -> UInt64 {
        var h = h
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3] {
            h = (h ^ lane) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
        }
        return h
    }

    private static func finish(_ h: UInt64, length: Int) -> UInt64 {
        var h = (h ^ UInt64(length)) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}

/// What the threads of ``Checksum/of(_:threads:)`` share: the bytes, read only, and one
/// digest slot per piece, each written by one thread.
private struct SharedBytes: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
    let digests: UnsafeMutableBufferPointer<(UInt64, UInt64, UInt64, UInt64)>
}
