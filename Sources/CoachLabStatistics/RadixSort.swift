extension OrderStatistics {
    /// `values` in ascending order, exactly as `values.sorted()` gives them.
    ///
    /// A large org gives hundreds of thousands of per-rep values to order for quantiles;
    /// comparison sorting them took longer than the kernel that computed them. This is a
    /// least-significant-digit radix sort on the values' bits (mapped so that unsigned order
    /// is numeric order), eight passes of a byte, a pass skipped when every value has the
    /// same byte there. Values holding a NaN or a negative zero are left to `sorted()`:
    /// only there could two values that compare equal differ in bits, and a radix sort
    /// would not keep `sorted()`'s order between them.
    /// - Complexity: O(n).
    public static func ascending(_ values: [Double]) -> [Double] {
        guard values.count >= 256, !values.contains(where: { $0.isNaN || ($0 == 0 && $0.sign == .minus) }) else {
            return values.sorted()
        }
        let count = values.count
        var keys = values.map { orderedBits($0) }
        var spare = [UInt64](repeating: 0, count: count)
        var histograms = [Int](repeating: 0, count: 8 * 256)
        for key in keys {
            for byte in 0..<8 { histograms[byte << 8 | Int((key >> (byte << 3)) & 0xFF)] += 1 }
        }
        keys.withUnsafeMutableBufferPointer { keys in
        spare.withUnsafeMutableBufferPointer { spare in
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 256) { offsets in
            var source = keys
            var target = spare
            for byte in 0..<8 {
                let histogram = histograms[(byte << 8)..<((byte + 1) << 8)]
                if histogram.contains(count) { continue }
                var next = 0
                for (digit, found) in histogram.enumerated() {
                    offsets[digit] = next
                    next += found
                }
                for key in source {
                    let digit = Int((key >> (byte << 3)) & 0xFF)
                    target[offsets[digit]] = key
                    offsets[digit] += 1
                }
                swap(&source, &target)
            }
            if source.baseAddress != keys.baseAddress {
                keys.baseAddress!.update(from: source.baseAddress!, count: count)
            }
        }}}
        return keys.map(value(ofOrderedBits:))
    }

    /// The bits of `value` turned so that their unsigned order is the values' order:
    /// positive values get the sign bit set, negative ones all bits flipped.
    @inline(__always)
    private static func orderedBits(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits >> 63 == 0 ? bits | (1 << 63) : ~bits
    }

    @inline(__always)
    private static func value(ofOrderedBits key: UInt64) -> Double {
        Double(bitPattern: key >> 63 == 1 ? key & ~(1 << 63) : ~key)
    }
}
