/// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): a keyed
/// 64-bit pseudorandom function. Under its default, public key it is a well-mixed hash that
/// is the same on every machine and in every process (Swift's `Hasher` is seeded per
/// process, so its values cannot travel in a state), which detects accidents, not a
/// deliberate collision; under a secret key (a pseudonym's salt) it cannot be recomputed.
package enum SipHash {
    /// The key, as the reference implementation's test vectors use it (bytes 0 to 15).
    package static let key: (UInt64, UInt64) = (0x0706_0504_0302_0100, 0x0F0E_0D0C_0B0A_0908)

    /// The hash of `bytes`.
    /// - Complexity: O(n).
    package static func hash(_ bytes: UnsafeBufferPointer<UInt8>, key: (UInt64, UInt64) = key) -> UInt64 {
        var state = State(key: key)
        let count = bytes.count
        let whole = count & ~7
        if let base = bytes.baseAddress {
            var offset = 0
            while offset < whole {
                state.compress(UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self).littleEndian)
                offset += 8
            }
        }
        var last = UInt64(truncatingIfNeeded: count) << 56
        for index in 0..<(count - whole) { last |= UInt64(bytes[whole + index]) << UInt64(8 * index) }
        state.compress(last)
        return state.finish()
    }

    package static func hash(_ bytes: [UInt8], key: (UInt64, UInt64) = key) -> UInt64 {
        bytes.withUnsafeBufferPointer { hash($0, key: key) }
    }

    private struct State {
        var v0, v1, v2, v3: UInt64

        init(key: (UInt64, UInt64)) {
            v0 = 0x736F_6D65_7073_6575 ^ key.0
            v1 = 0x646F_7261_6E64_6F6D ^ key.1
            v2 = 0x6C79_6765_6E65_7261 ^ key.0
            v3 = 0x7465_6462_7974_6573 ^ key.1
        }

        mutating func compress(_ word: UInt64) {
            v3 ^= word
            round()
            round()
            v0 ^= word
        }

        mutating func finish() -> UInt64 {
            v2 ^= 0xFF
            for _ in 0..<4 { round() }
            return v0 ^ v1 ^ v2 ^ v3
        }

        private mutating func round() {
            v0 &+= v1; v1 = v1.rotated(13); v1 ^= v0; v0 = v0.rotated(32)
            v2 &+= v3; v3 = v3.rotated(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotated(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotated(17); v1 ^= v2; v2 = v2.rotated(32)
        }
    }
}

extension UInt64 {
    fileprivate func rotated(_ bits: UInt64) -> UInt64 { (self << bits) | (self >> (64 - bits)) }
}
