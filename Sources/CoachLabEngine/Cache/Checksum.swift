/// A fast 64-bit checksum over 32-byte blocks in four independent lanes (so the CPU
/// overlaps them), for detecting a corrupt or truncated cache file. Not cryptographic.
struct Checksum {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x9E37_79B9_7F4A_7C15, 0xC2B2_AE3D_27D4_EB4F, 0x1656_67B1_9E37_79F9, 0x85EB_CA77_C2B2_AE63)
    private(set) var length = 0

    /// Adds `bytes`, whose count must be a multiple of 32 (callers pad).
    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count % 32 == 0)
        var (a, b, c, d) = lanes
        var offset = 0
        while offset < bytes.count {
            a = mix(a, bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            b = mix(b, bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            c = mix(c, bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            d = mix(d, bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        lanes = (a, b, c, d)
        length += bytes.count
    }

    @inline(__always)
    private func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let x = (lane ^ word) &* 0x9FB2_1C65_1E98_DF25
        return x ^ (x >> 31)
    }

    var value: UInt64 {
        var h = UInt64(length)
        for lane in [lanes.0, lanes.1, lanes.2, lanes.3] {
            h = (h ^ lane) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
        }
        return h
    }
}
