/// SipHash-2-4 (Aumasson & Bernstein 2012): a keyed 64-bit pseudorandom function, so a
/// pseudonym cannot be recomputed from an id without the salt.
struct SipHash {
    private var v0, v1, v2, v3: UInt64

    init(key0: UInt64, key1: UInt64) {
        v0 = 0x736F_6D65_7073_6575 ^ key0
        v1 = 0x646F_7261_6E64_6F6D ^ key1
        v2 = 0x6C79_6765_6E65_7261 ^ key0
        v3 = 0x7465_6462_7974_6573 ^ key1
    }

    static func hash(_ bytes: [UInt8], key0: UInt64, key1: UInt64) -> UInt64 {
        var state = SipHash(key0: key0, key1: key1)
        let blocks = bytes.count / 8
        for block in 0..<blocks {
            var word: UInt64 = 0
            for index in 0..<8 { word |= UInt64(bytes[block * 8 + index]) << (8 * UInt64(index)) }
            state.compress(word)
        }
        var last = UInt64(bytes.count & 0xFF) << 56
        for index in 0..<(bytes.count % 8) { last |= UInt64(bytes[blocks * 8 + index]) << (8 * UInt64(index)) }
        state.compress(last)
        state.v2 ^= 0xFF
        for _ in 0..<4 { state.round() }
        return state.v0 ^ state.v1 ^ state.v2 ^ state.v3
    }

    private mutating func compress(_ word: UInt64) {
        v3 ^= word
        round()
        round()
        v0 ^= word
    }

    private mutating func round() {
        v0 = v0 &+ v1; v1 = rotate(v1, 13); v1 ^= v0; v0 = rotate(v0, 32)
        v2 = v2 &+ v3; v3 = rotate(v3, 16); v3 ^= v2
        v0 = v0 &+ v3; v3 = rotate(v3, 21); v3 ^= v0
        v2 = v2 &+ v1; v1 = rotate(v1, 17); v1 ^= v2; v2 = rotate(v2, 32)
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
