/// A running sum with Neumaier's compensation: the error of adding n doubles stays near
/// one rounding instead of growing with n.
public struct CompensatedSum: Sendable {
    @usableFromInline var sum = 0.0
    @usableFromInline var compensation = 0.0

    public init() {}

    public var value: Double { sum + compensation }

    @inlinable
    public mutating func add(_ x: Double) {
        let total = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - total) + x
        } else {
            compensation += (x - total) + sum
        }
        sum = total
    }

    /// The compensated sum of `values`.
    @inlinable
    public static func of<S: Sequence>(_ values: S) -> Double where S.Element == Double {
        var sum = CompensatedSum()
        for value in values { sum.add(value) }
        return sum.value
    }
}
