import CoachLabTestSupport
import PropertyBased
import Testing
import CoachLabPluginAPI
@testable import CoachLabKernels

/// The inline window keeps exactly what sorting every month seen and taking the first (or
/// last) six keeps, whatever order the months arrive in — in order, reversed, shuffled,
/// or as two windows merged — naming its points by id.
@Suite struct MonthWindowTests {
    typealias Point = MonthWindow.Point

    static func reference(_ points: [Point], keepsEarliest: Bool) -> [Point] {
        let sorted = points.sorted { $0.month < $1.month }
        return keepsEarliest ? Array(sorted.prefix(MonthWindow.capacity)) : Array(sorted.suffix(MonthWindow.capacity))
    }

    /// The points a window built from `points` holds, in month order.
    static func held(_ points: [Point], keepsEarliest: Bool) -> [Point] {
        var builder = PointsBuilder()
        let window = builder.window(keepsEarliest: keepsEarliest, points)
        return builder.points.withBuffers { $0.points(window) }
    }

    /// Distinct months (a rep has one row per month), in the order drawn.
    static let months = Gen.int(in: 0...40).array(of: 0...20).map { drawn -> [Point] in
        var seen = Set<Int>()
        return drawn.filter { seen.insert($0).inserted }.map { Point(month: Int32($0), value: Double($0) * 1.5 + 0.25) }
    }

    @Test func keepsTheEarliestOrLatestSixInAnyArrivalOrder() async {
        await propertyCheck(count: 500, input: Self.months, Gen.bool) { points, keepsEarliest in
            #expect(Self.held(points, keepsEarliest: keepsEarliest) == Self.reference(points, keepsEarliest: keepsEarliest))
        }
    }

    @Test func mergingTwoWindowsEqualsOneWindowOverBoth() async {
        await propertyCheck(count: 500, input: Self.months, Gen.int(in: 0...20), Gen.bool) { points, cut, keepsEarliest in
            let cut = min(cut, points.count)
            // What State.merge does: the points of one window, then those of the other.
            let merged = Self.held(
                Self.held(Array(points[cut...]), keepsEarliest: keepsEarliest)
                    + Self.held(Array(points[..<cut]), keepsEarliest: keepsEarliest),
                keepsEarliest: keepsEarliest)
            #expect(merged == Self.held(points, keepsEarliest: keepsEarliest))
            #expect(merged == Self.reference(points, keepsEarliest: keepsEarliest))
        }
    }

    @Test func aRotatedWindowTakesAnEarlierMonthInOrder() {
        var builder = PointsBuilder()
        let arrivals = stride(from: 10, through: 30, by: 2).map { Point(month: Int32($0), value: Double($0)) }
        let latest = builder.window(keepsEarliest: false, arrivals)
        builder.points.withBuffers { #expect($0.points(latest).map(\.month) == [20, 22, 24, 26, 28, 30]) }
        // Between months held: the earliest leaves; before all six: not kept.
        let later = builder.window(keepsEarliest: false, arrivals + [Point(month: 25, value: -1), Point(month: 3, value: -3)])
        builder.points.withBuffers { points in
            #expect(points.points(later).map(\.month) == [22, 24, 25, 26, 28, 30])
            let kept: [Double] = [22, 24, -1, 26, 28, 30]
            #expect(points.mean(later) == kept.reduce(0, +) / 6)
        }
    }

    @Test func aTrendIsOneHundredAndTwentyEightBytes() {
        #expect(MemoryLayout<MonthWindow>.size <= 32)
        #expect(MemoryLayout<RepTrend>.stride == 128)
    }
}

extension TrendPoints.Buffers {
    /// The mean of the values `window` holds, summed in month order: what finalize's
    /// slot-by-slot means must equal, to the bit.
    func mean(_ window: MonthWindow) -> Double {
        var sum = 0.0
        for index in 0..<window.count { sum += value(window.id(at: index)) }
        return sum / Double(window.count)
    }
}
