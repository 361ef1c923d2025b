#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64: fast, and the same
/// stream on every platform, so a seed always gives the same org.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)
    private var spareNormal: Double?

    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotate(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotate(state.3, 45)
        return result
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform on [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// Uniform integer in the range.
    public mutating func integer(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    /// Standard normal, by the Marsaglia polar method.
    public mutating func normal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * uniform() - 1
            let v = 2 * uniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    public mutating func normal(mean: Double, sd: Double) -> Double { mean + sd * normal() }

    /// A count with mean `lambda`: exact Poisson (Knuth) for small means, the rounded
    /// normal approximation above 30.
    public mutating func poisson(_ lambda: Double) -> Int {
        if lambda > 30 { return max(0, Int((lambda + lambda.squareRoot() * normal()).rounded())) }
        let limit = exp(-lambda)
        var k = 0
        var p = uniform()
        while p > limit {
            k += 1
            p *= uniform()
        }
        return k
    }

    /// Successes of `trials` with probability `p` (normal approximation for large counts).
    public mutating func binomial(_ trials: Int, _ p: Double) -> Int {
        if trials < 40 {
            var k = 0
            for _ in 0..<trials where uniform() < p { k += 1 }
            return k
        }
        let mean = Double(trials) * p
        let sd = (mean * (1 - p)).squareRoot()
        return min(trials, max(0, Int((mean + sd * normal()).rounded())))
    }
}
