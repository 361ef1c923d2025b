import CoachLabData

/// Whole-column checks written as branch-free reductions the compiler vectorises: the
/// dataset checks first ask whether a column has any bad value at all (almost never), and
/// only then walk it row by row to report them.
enum ColumnScan {
    /// How many of `values` are ``MonthIndex/missing``, and the first and last of the others
    /// (nil when there are none), in one pass.
    static func monthSpan(_ values: [Int32]) -> (missing: Int, span: ClosedRange<Int32>?) {
        values.withUnsafeBufferPointer { values in
            var missing = 0
            var first = Int32.max
            var last = Int32.min
            for element in values {
                // Branch-free: the missing mark is the smallest Int32, so it never raises the
                // last month, and it counts as the largest for the first.
                let isMissing = element == MonthIndex.missing
                missing &+= isMissing ? 1 : 0
                first = min(first, isMissing ? .max : element)
                last = max(last, element)
            }
            return (missing, first <= last ? first...last : nil)
        }
    }

    /// How many of `values` are below zero (NaN is not).
    static func countNegative(_ values: [Double]) -> Int {
        values.withUnsafeBufferPointer { values in
            var found = 0
            for element in values { found &+= element < 0 ? 1 : 0 }
            return found
        }
    }

    /// How many of `values` are NaN (empty in the file) and how many are exactly zero.
    static func countMissingAndZero(_ values: [Double]) -> (missing: Int, zero: Int) {
        values.withUnsafeBufferPointer(countMissingAndZero)
    }

    static func countMissingAndZero(_ values: Column<Double>) -> (missing: Int, zero: Int) {
        values.withUnsafeBufferPointer(countMissingAndZero)
    }

    private static func countMissingAndZero(_ values: UnsafeBufferPointer<Double>) -> (missing: Int, zero: Int) {
        var missing = 0
        var zero = 0
        for element in values {
            missing &+= element.isNaN ? 1 : 0
            zero &+= element == 0 ? 1 : 0
        }
        return (missing, zero)
    }

    /// Whether every one of `values` lies in `range`.
    static func allWithin(_ values: [Int32], _ range: Range<Int32>) -> Bool {
        values.withUnsafeBufferPointer { allWithin($0, range) }
    }

    static func allWithin(_ values: Column<Int32>, _ range: Range<Int32>) -> Bool {
        values.withUnsafeBufferPointer { allWithin($0, range) }
    }

    private static func allWithin(_ values: UnsafeBufferPointer<Int32>, _ range: Range<Int32>) -> Bool {
        var low = Int32.max
        var high = Int32.min
        for element in values {
            low = min(low, element)
            high = max(high, element)
        }
        return values.isEmpty || (low >= range.lowerBound && high < range.upperBound)
    }

    /// How many of the codes `0..<count` occur in `codes` (negative codes, missing values,
    /// are not counted). One store a row into a byte per code, without a branch.
    static func distinctCodes(_ codes: Column<Int32>, count: Int) -> Int {
        var seen = [UInt8](repeating: 0, count: count + 1)
        seen.withUnsafeMutableBufferPointer { seen in
            codes.withUnsafeBufferPointer { codes in
                for code in codes {
                    // A missing code lands in the spare last byte.
                    let slot = code >= 0 && Int(code) < count ? Int(code) : count
                    seen[slot] = 1
                }
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
}
