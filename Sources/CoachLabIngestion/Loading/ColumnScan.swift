import CoachLabData
import CoachLabSystem

/// Whole-column checks written as branch-free reductions in vector registers: the dataset
/// checks first ask whether a column has any bad value at all (almost never), and only then
/// walk it row by row to report them.
///
/// A large column is cut into one part per thread, each part reduced at once and the parts'
/// results combined (counts added, bounds widened): the same answer for any `threads`.
enum ColumnScan {
    /// How many of `values` are ``MonthIndex/missing``, and the first and last of the others
    /// (nil when there are none), in one pass.
    static func monthSpan(_ values: [Int32], threads: Int = 1) -> (missing: Int, span: ClosedRange<Int32>?) {
        let (missing, first, last) = values.withUnsafeBufferPointer { values in
            reduce(values, threads: threads) { MonthIndex.span(of: $0) } combine: { a, b in
                (a.0 + b.0, min(a.1, b.1), max(a.2, b.2))
            }
        }
        return (missing, first <= last ? first...last : nil)
    }

    /// How many of a column's numbers are NaN (empty in the file), exactly zero (either
    /// sign), and below zero.
    struct NumberCounts: Equatable {
        var missing = 0
        var zero = 0
        var negative = 0
    }

    /// The ``NumberCounts`` of `values`, in one pass.
    static func counts(_ values: [Double], threads: Int = 1) -> NumberCounts {
        values.withUnsafeBufferPointer { values in
            reduce(values, threads: threads, countsOf) { a, b in
                NumberCounts(missing: a.missing + b.missing, zero: a.zero + b.zero, negative: a.negative + b.negative)
            }
        }
    }

    /// Four values at a time in vector registers (the three counts of a plain loop do not
    /// vectorise: it ran at half the speed of memory), the last few one by one.
    private static func countsOf(_ values: UnsafeBufferPointer<Double>) -> NumberCounts {
        var (missing, zero, negative) = (SIMD4<Int64>(), SIMD4<Int64>(), SIMD4<Int64>())
        let one = SIMD4<Int64>(repeating: 1)
        let raw = UnsafeRawBufferPointer(values)
        var index = 0
        while index + 4 <= values.count {
            let four = raw.loadUnaligned(fromByteOffset: index * 8, as: SIMD4<Double>.self)
            missing &+= SIMD4<Int64>().replacing(with: one, where: four .!= four)
            zero &+= SIMD4<Int64>().replacing(with: one, where: four .== 0)
            negative &+= SIMD4<Int64>().replacing(with: one, where: four .< 0)
            index += 4
        }
        var counts = NumberCounts(
            missing: Int(missing.wrappedSum()), zero: Int(zero.wrappedSum()), negative: Int(negative.wrappedSum()))
        for value in values[index...] {
            counts.missing += value.isNaN ? 1 : 0
            counts.zero += value == 0 ? 1 : 0
            counts.negative += value < 0 ? 1 : 0
        }
        return counts
    }

    /// Whether every one of `values` lies in `range`.
    static func allWithin(_ values: [Int32], _ range: Range<Int32>, threads: Int = 1) -> Bool {
        values.withUnsafeBufferPointer { allWithin($0, range, threads: threads) }
    }

    static func allWithin(_ values: Column<Int32>, _ range: Range<Int32>, threads: Int = 1) -> Bool {
        values.withUnsafeBufferPointer { allWithin($0, range, threads: threads) }
    }

    private static func allWithin(_ values: UnsafeBufferPointer<Int32>, _ range: Range<Int32>, threads: Int) -> Bool {
        let (low, high) = reduce(values, threads: threads, bounds) { a, b in
            (min(a.0, b.0), max(a.1, b.1))
        }
        return values.isEmpty || (low >= range.lowerBound && high < range.upperBound)
    }

    /// The smallest and largest of `values`, eight at a time in vector registers (a plain
    /// loop's running minimum and maximum did not vectorise for the baseline x86-64, which
    /// has no vector minimum of 32-bit integers).
    private static func bounds(_ values: UnsafeBufferPointer<Int32>) -> (Int32, Int32) {
        var low = SIMD8<Int32>(repeating: .max)
        var high = SIMD8<Int32>(repeating: .min)
        let raw = UnsafeRawBufferPointer(values)
        var index = 0
        while index + 8 <= values.count {
            let eight = raw.loadUnaligned(fromByteOffset: index * 4, as: SIMD8<Int32>.self)
            low = pointwiseMin(low, eight)
            high = pointwiseMax(high, eight)
            index += 8
        }
        var (lowest, highest) = (low.min(), high.max())
        for value in values[index...] {
            lowest = min(lowest, value)
            highest = max(highest, value)
        }
        return (lowest, highest)
    }

    /// How many of the codes `0..<count` occur in `codes` (negative codes, missing values,
    /// are not counted). One store a row into a byte per code, without a branch; each part
    /// marks a table of its own, and the tables are joined.
    static func distinctCodes(_ codes: Column<Int32>, count: Int, threads: Int = 1) -> Int {
        let seen = codes.withUnsafeBufferPointer { codes in
            reduce(codes, threads: threads) { codes in
                var seen = [UInt8](repeating: 0, count: count + 1)
                seen.withUnsafeMutableBufferPointer { seen in
                    for code in codes {
                        // A missing code lands in the spare last byte.
                        let slot = code >= 0 && Int(code) < count ? Int(code) : count
                        seen[slot] = 1
                    }
                }
                return seen
            } combine: { a, b in
                var joined = a
                for index in joined.indices { joined[index] |= b[index] }
                return joined
            }
        }
        return seen.dropLast().reduce(0) { $0 + Int($1) }
    }

    /// Whether `index[i] == i` for every i.
    static func isIdentity(_ index: [Int32]) -> Bool {
        index.withUnsafeBufferPointer { index in
            var differs: Int32 = 0
            for i in index.indices { differs |= index[i] ^ Int32(truncatingIfNeeded: i) }
            return differs == 0
        }
    }

    /// Values per part below which a column is scanned on one thread.
    static let valuesPerPart = 1 << 20

    /// `part` of each of up to `threads` contiguous parts of `values`, at once, the results
    /// combined in part order.
    private static func reduce<Element, Partial>(
        _ values: UnsafeBufferPointer<Element>, threads: Int,
        _ part: @Sendable (UnsafeBufferPointer<Element>) -> Partial, combine: (Partial, Partial) -> Partial
    ) -> Partial {
        let parts = max(1, min(threads, values.count / valuesPerPart))
        if parts == 1 { return part(values) }
        let shared = SharedColumn(values: values)
        let results = ChunkedWork.map(count: parts, threads: parts) { index in
            let (start, end) = (shared.values.count * index / parts, shared.values.count * (index + 1) / parts)
            return part(UnsafeBufferPointer(rebasing: shared.values[start..<end]))
        }
        return results.dropFirst().reduce(results[0], combine)
    }
}

/// The column the threads of a ``ColumnScan`` read.
private struct SharedColumn<Element>: @unchecked Sendable {
    let values: UnsafeBufferPointer<Element>
}
