extension Partial {
    /// A sum of doubles kept in 64.64 fixed point, so that adding is integer addition: the
    /// total is the same, to the bit, whatever the order and grouping of the terms. That is
    /// what lets partial states from any split of the rows merge into exactly the result of
    /// one pass (merge is associative and commutative).
    ///
    /// Each term is rounded once to a multiple of 2⁻⁶⁴ (≈ 5.4 × 10⁻²⁰), far below a double's
    /// rounding of any sum this project takes. The total must stay below 2⁶³ ≈ 9.2 × 10¹⁸ in
    /// magnitude; a term that is not finite or would overflow makes the sum ``isValid`` false
    /// and its ``value`` nil, never a wrong number.
    public struct ExactSum: Sendable, Hashable {
        @usableFromInline var units: Int128
        @usableFromInline var valid: Bool

        /// The empty sum, 0.
        public init() {
            units = 0
            valid = true
        }

        /// A sum from its parts, as ``scaled`` and ``isValid`` give them.
        public init(scaled: Int128, isValid: Bool = true) {
            units = scaled
            valid = isValid
        }

        /// The sum in units of 2⁻⁶⁴.
        public var scaled: Int128 { units }
        /// False once a term was not finite or the sum overflowed.
        public var isValid: Bool { valid }

        /// The sum of `values`.
        public init<S: Sequence<Double>>(_ values: S) {
            self.init()
            for value in values { add(value) }
        }

        /// Adds `term` exactly; a term that is not finite, or too large to hold, makes the sum invalid.
        @inlinable @inline(__always)
        public mutating func add(_ term: Double) {
            guard let term = Self.units(of: term) else {
                valid = false
                return
            }
            let (sum, overflow) = units.addingReportingOverflow(term)
            units = sum
            if overflow { valid = false }
        }

        /// Adds `term × factor`, the product taken exactly (on the rounded term), so that
        /// sums of products such as Σxy merge as exactly as plain sums.
        @inlinable @inline(__always)
        public mutating func add(_ term: Double, times factor: Int) {
            guard let term = Self.units(of: term) else {
                valid = false
                return
            }
            let (product, productOverflow) = term.multipliedReportingOverflow(by: Int128(factor))
            let (sum, overflow) = units.addingReportingOverflow(product)
            units = sum
            if overflow || productOverflow { valid = false }
        }

        /// Adds a term already in units of 2⁻⁶⁴ (``units(of:)``), for a caller adding the same
        /// term to several sums.
        @inlinable @inline(__always)
        public mutating func add(units term: Int128) {
            let (sum, overflow) = units.addingReportingOverflow(term)
            units = sum
            if overflow { valid = false }
        }

        /// Adds `term × factor`, `term` already in units of 2⁻⁶⁴.
        @inlinable @inline(__always)
        public mutating func add(units term: Int128, times factor: Int) {
            let product: Int128
            let productOverflow: Bool
            if term.magnitude >> 95 == 0 && factor.magnitude >> 31 == 0 {
                // Below 2⁹⁵ × 2³¹: the product cannot overflow, so the cheap multiply will do
                // (the common case: attainments near 1, month offsets of a few hundred).
                product = term &* Int128(factor)
                productOverflow = false
            } else {
                (product, productOverflow) = term.multipliedReportingOverflow(by: Int128(factor))
            }
            let (sum, overflow) = units.addingReportingOverflow(product)
            units = sum
            if overflow || productOverflow { valid = false }
        }

        /// Adds the terms of another sum.
        @inlinable
        public mutating func merge(_ other: Partial.ExactSum) {
            let (sum, overflow) = units.addingReportingOverflow(other.units)
            units = sum
            if overflow || !other.valid { valid = false }
        }

        /// The sum rounded once to a double; nil when a term was not finite or it overflowed.
        public var value: Double? {
            valid ? Self.double(units) * 0x1p-64 : nil
        }

        /// `value` rounded to the nearest double (ties to even), without the generic
        /// conversion's cost: the top 64 significant bits, with any lower bit folded into the
        /// last one so that rounding sees it, converted by the hardware and scaled back.
        public static func double(_ value: Int128) -> Double {
            let magnitude = value.magnitude
            let result: Double
            if magnitude >> 64 == 0 {
                result = Double(UInt64(truncatingIfNeeded: magnitude))
            } else {
                let shift = 64 - magnitude.leadingZeroBitCount
                let kept = UInt64(truncatingIfNeeded: magnitude >> shift)
                let dropped = magnitude & ((UInt128(1) << UInt128(shift)) &- 1)
                let sticky: UInt64 = dropped == 0 ? 0 : 1
                result = Double(kept | sticky) * Double(sign: .plus, exponent: shift, significand: 1)
            }
            return value < 0 ? -result : result
        }

        /// `term` in units of 2⁻⁶⁴, rounded to nearest (ties away from zero); nil when it is not
        /// finite or too large to hold.
        @inlinable @inline(__always)
        public static func units(of term: Double) -> Int128? {
            let bits = term.bitPattern
            let exponent = Int((bits >> 52) & 0x7FF)
            if exponent == 0x7FF { return nil }
            if exponent == 0 { return 0 }  // subnormals are far below one unit
            let significand = Int128(bits & 0xF_FFFF_FFFF_FFFF | 0x10_0000_0000_0000)
            // term = significand × 2^(exponent − 1075); in units: × 2^64.
            let shift = exponent - 1075 + 64
            let magnitude: Int128
            if shift >= 0 {
                if shift > 73 { return nil }  // ≥ 2^126 units: could not be summed safely
                magnitude = significand << shift
            } else if shift > -54 {
                magnitude = (significand + (1 << (-shift - 1))) >> -shift
            } else {
                return 0
            }
            return term.sign == .minus ? -magnitude : magnitude
        }
    }
}
