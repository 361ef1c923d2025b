import PropertyBased
import Testing
@testable import RepImprovementOverTime

/// The inline window keeps exactly what sorting every month seen and taking the first (or
/// last) six keeps, whatever order the months arrive in — in order, reversed, shuffled,
/// or as two windows merged.
@Suite struct MonthWindowTests {
    typealias Point = MonthWindow.Point

    static func reference(_ points: [Point], keepsEarliest: Bool) -> [Point] {
        let sorted = points.sorted { $0.month < $1.month }
        return keepsEarliest ? Array(sorted.prefix(MonthWindow.capacity)) : Array(sorted.suffix(MonthWindow.capacity))
    }

    /// Distinct months (a rep has one row per month), in the order drawn.
    static let months = Gen.int(in: 0...40).array(of: 0...20).map { drawn -> [Point] in
        var seen = Set<Int>()
        return drawn.filter { seen.insert($0).inserted }.map { Point(month: Int32($0), value: Double($0) * 1.5 + 0.25) }
    }

    @Test func keepsTheEarliestOrLatestSixInAnyArrivalOrder() async {
        await propertyCheck(count: 500, input: Self.months, Gen.bool) { points, keepsEarliest in
            let window = MonthWindow(keepsEarliest: keepsEarliest, points: points)
            #expect(window.points == Self.reference(points, keepsEarliest: keepsEarliest))
        }
    }

    @Test func mergingTwoWindowsEqualsOneWindowOverBoth() async {
        await propertyCheck(count: 500, input: Self.months, Gen.int(in: 0...20), Gen.bool) { points, cut, keepsEarliest in
            let cut = min(cut, points.count)
            var first = MonthWindow(keepsEarliest: keepsEarliest, points: Array(points[cut...]))
            first.add(pointsOf: MonthWindow(keepsEarliest: keepsEarliest, points: Array(points[..<cut])))
            #expect(first == MonthWindow(keepsEarliest: keepsEarliest, points: points))
            #expect(first.points == Self.reference(points, keepsEarliest: keepsEarliest))
        }
    }

    @Test func aRotatedWindowTakesAnEarlierMonthInOrder() {
        var latest = MonthWindow(keepsEarliest: false)
        for month in stride(from: 10, through: 30, by: 2) { latest.add(Point(month: Int32(month), value: Double(month))) }
        #expect(latest.points.map(\.month) == [20, 22, 24, 26, 28, 30])
        latest.add(Point(month: 25, value: -1))  // between months held: the earliest leaves
        latest.add(Point(month: 3, value: -3))   // before all six: not kept
        #expect(latest.points.map(\.month) == [22, 24, 25, 26, 28, 30])
        let kept: [Double] = [22, 24, -1, 26, 28, 30]
        #expect(latest.mean == kept.reduce(0, +) / 6)
    }
}
