/// A rep's `capacity` earliest or latest (month, attainment) pairs, in month order, held
/// inline in SIMD vectors: one per rep, a quarter of a million reps, no allocation each.
struct MonthWindow: Sendable, Equatable {
    struct Point: Sendable, Equatable {
        var month: Int32
        var value: Double
    }

    static let capacity = 6

    /// Which end of a rep's history the window keeps.
    let keepsEarliest: Bool
    private(set) var count = 0
    private var months = SIMD8<Int32>()
    private var values = SIMD8<Double>()

    init(keepsEarliest: Bool) { self.keepsEarliest = keepsEarliest }

    init(keepsEarliest: Bool, points: [Point]) {
        self.init(keepsEarliest: keepsEarliest)
        for point in points { add(point) }
    }

    var points: [Point] {
        (0..<count).map { Point(month: months[$0], value: values[$0]) }
    }

    /// Keeps `point` if it is among the `capacity` earliest (or latest) months seen.
    /// Months arriving in order, the common case, cost a comparison and at most a shift.
    @inline(__always)
    mutating func add(_ point: Point) {
        if count > 0 && point.month > months[count - 1] {
            // After every month held.
            if count < Self.capacity {
                put(point, at: count)
                count += 1
            } else if !keepsEarliest {
                shiftDown(through: Self.capacity - 1)
                put(point, at: Self.capacity - 1)
            }
            return
        }
        var index = 0
        while index < count && months[index] < point.month { index += 1 }
        if count < Self.capacity {
            shiftUp(from: index, through: count)
            put(point, at: index)
            count += 1
        } else if keepsEarliest {
            // Drop the latest held to make room.
            shiftUp(from: index, through: Self.capacity - 1)
            put(point, at: index)
        } else if index > 0 {
            // Drop the earliest held; the new point goes just before the first later one.
            shiftDown(through: index - 1)
            put(point, at: index - 1)
        }
    }

    @inline(__always)
    private mutating func put(_ point: Point, at index: Int) {
        months[index] = point.month
        values[index] = point.value
    }

    /// Moves slots `index..<last` one up (slot `last` is overwritten).
    @inline(__always)
    private mutating func shiftUp(from index: Int, through last: Int) {
        var i = last
        while i > index {
            months[i] = months[i - 1]
            values[i] = values[i - 1]
            i -= 1
        }
    }

    /// Moves slots `1...last` one down (slot 0 is overwritten).
    @inline(__always)
    private mutating func shiftDown(through last: Int) {
        var i = 0
        while i < last {
            months[i] = months[i + 1]
            values[i] = values[i + 1]
            i += 1
        }
    }

    /// The mean of the values held, summed in month order.
    var mean: Double {
        var sum = 0.0
        for i in 0..<count { sum += values[i] }
        return sum / Double(count)
    }

    static func == (a: MonthWindow, b: MonthWindow) -> Bool {
        a.keepsEarliest == b.keepsEarliest && a.points == b.points
    }
}
