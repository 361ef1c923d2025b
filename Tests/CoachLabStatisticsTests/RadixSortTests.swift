import CoachLabStatistics
import PropertyBased
import Testing

/// The radix sort gives exactly `sorted()`'s order, bit for bit, whatever the values.
@Suite struct RadixSortTests {
    static let specials: [Double] = [
        0, 1, -1, .infinity, -.infinity, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude, 0.1, -0.1, 1e-300,
    ]

    @Test func ordersAsSortedDoes() async {
        let value = zip(Gen.int(in: 0...9), Gen.int(in: -5...5), Gen.double(in: -1e6...1e6)).map { kind, small, wide -> Double in
            switch kind {
            case 0: Self.specials[(small + 5) % Self.specials.count]
            case 1...3: Double(small)
            default: wide
            }
        }
        await propertyCheck(count: 60, input: value.array(of: 0...3_000)) { values in
            let radix = OrderStatistics.ascending(values)
            #expect(radix.map(\.bitPattern) == values.sorted().map(\.bitPattern))
        }
    }

    @Test func negativeZeroAndNaNKeepSortedsOrder() {
        let values: [Double] = (0..<1_000).map { (i: Int) -> Double in
            switch i % 3 {
            case 0: -0.0
            case 1: 0.0
            default: Double(i % 17) - 8
            }
        }
        #expect(OrderStatistics.ascending(values).map(\.bitPattern) == values.sorted().map(\.bitPattern))
        let withNaN: [Double] = values.map { (value: Double) -> Double in value == 5 ? .nan : value }
        #expect(OrderStatistics.ascending(withNaN).map(\.bitPattern) == withNaN.sorted().map(\.bitPattern))
    }
}
