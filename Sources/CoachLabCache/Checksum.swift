import CoachLabData
import CoachLabSystem
/// A fast 64-bit checksum over 32-byte stripes, for detecting a corrupt or truncated cache
/// file. Not cryptographic.
///
/// Each stripe is four 64-bit words added into four lanes, as XXH3 accumulates: the words
/// themselves (into the neighbouring lane) and the product of the halves of each word
/// keyed by the stripe's position (so that moved or swapped stripes change it). The 32 by
/// 32-bit products vectorise on plain SSE2, so a cache is checked at memory speed; each
/// piece's lanes are then mixed and folded in order.
///
/// The input is digested in pieces of ``pieceSize`` bytes, each from the same starting
/// lanes, and the pieces' digests folded in order: so the checksum of a whole file can be
/// taken by several threads at once (``of(_:threads:)``) and still equal the one taken as
/// the file was written, a few bytes at a time.
struct Checksum {
    static let pieceSize = 1 << 20
    private static let seed = SIMD4<UInt64>(0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63)
    private static let secret = SIMD4<UInt64>(0xBE4B_A423_396C_FEB8, 0x1CAD_21F7_2C81_017C, 0xDB97_9083_E96D_D4DE, 0x1F67_B3B7_A4A4_4072)

    private var lanes = Checksum.seed
    private var folded: UInt64 = 0x2545_F491_4F6C_DD1D
    private(set) var length = 0

    /// Adds `bytes`, whose count must be a multiple of 32 (callers pad).
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count % 32 == 0)
        var offset = 0
        while offset < bytes.count {
            let take = min(Self.pieceSize - length % Self.pieceSize, bytes.count - offset)
            lanes = Self.digest(lanes, UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + take)]),
                                firstStripe: length % Self.pieceSize / 32)
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
    /// threads at once; equal to adding `bytes` to a new checksum. `prepare` is called
    /// with each run of pieces before they are read, on the thread that reads them.
    static func of(
        _ bytes: UnsafeRawBufferPointer, threads: Int, prepare: @Sendable (UnsafeRawBufferPointer) -> Void = { _ in }
    ) -> UInt64 {
        precondition(bytes.count % 32 == 0)
        let pieces = (bytes.count + pieceSize - 1) / pieceSize
        let digests = UnsafeMutableBufferPointer<SIMD4<UInt64>>.allocate(capacity: max(1, pieces))
        defer { digests.deallocate() }
        let shared = SharedBytes(bytes: bytes, digests: digests)
        // A few pieces at a time to whichever thread is free (``ChunkedWork``).
        ChunkedWork.run(count: pieces, chunk: 4, threads: min(threads, pieces / 8)) { run in
            let bytes = shared.bytes
            prepare(UnsafeRawBufferPointer(rebasing: bytes[(run.lowerBound * pieceSize)..<min(run.upperBound * pieceSize, bytes.count)]))
            for piece in run {
                let start = piece * pieceSize
                let end = min(start + pieceSize, bytes.count)
                shared.digests[piece] = digest(seed, UnsafeRawBufferPointer(rebasing: bytes[start..<end]), firstStripe: 0)
            }
        }
        var folded: UInt64 = 0x2545_F491_4F6C_DD1D
        let whole = bytes.count / pieceSize
        for piece in 0..<whole { folded = fold(folded, digests[piece]) }
        // The last, partial piece (the starting lanes when there is none).
        folded = fold(folded, whole < pieces ? digests[whole] : seed)
        return finish(folded, length: bytes.count)
    }

    private static func digest(_ lanes: SIMD4<UInt64>, _ bytes: UnsafeRawBufferPointer, firstStripe: Int) -> SIMD4<UInt64> {
        var lanes = lanes
        var stripe = UInt64(firstStripe)
        var offset = 0
        let secret = Self.secret  // read once: a static's accessor is not hoisted out of the loop
        while offset < bytes.count {
            let words = bytes.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt64>.self)
            let key = words ^ secret ^ SIMD4(repeating: stripe &* 0x9E37_79B9_7F4A_7C15)
            lanes &+= SIMD4(words[1], words[0], words[3], words[2])
            lanes &+= (key & 0xFFFF_FFFF) &* (key &>> 32)
            stripe &+= 1
            offset += 32
        }
        return lanes
    }

    private static func fold(_ h: UInt64, _ lanes: SIMD4<UInt64>) -> UInt64 {
        var h = h
        for lane in [lanes[0], lanes[1], lanes[2], lanes[3]] {
            h = (h ^ mix(lane)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
        }
        return h
    }

    @inline(__always)
    private static func mix(_ lane: UInt64) -> UInt64 {
        let x = (lane ^ (lane >> 29)) &* 0x9FB2_1C65_1E98_DF25
        return x ^ (x >> 32)
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
    let digests: UnsafeMutableBufferPointer<SIMD4<UInt64>>
}
