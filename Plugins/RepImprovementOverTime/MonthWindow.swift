/// A rep's `capacity` earliest or latest (month, attainment) pairs, in month order, held
/// inline (one per rep, a quarter of a million reps, no allocation each) and written one
/// slot at a time: 80 bytes, no vector copied to change one lane.
struct MonthWindow: Sendable, Equatable {
    struct Point: Sendable, Equatable {
        var month: Int32
        var value: Double
    }

    static let capacity = 6

    private var values: (Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0)
    private var months: (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
    /// The latest month held (meaningless while empty): the common test, is a point later
    /// than everything held, reads it instead of switching on a slot.
    private var lastMonth: Int32 = 0
    private var held: Int8 = 0
    /// The slot of the earliest point held. A full window of the latest months rotates
    /// instead of shifting when a later month arrives (the common case, once per row).
    private var start: Int8 = 0
    /// Which end of a rep's history the window keeps.
    let keepsEarliest: Bool

    init(keepsEarliest: Bool) { self.keepsEarliest = keepsEarliest }

    init(keepsEarliest: Bool, points: [Point]) {
        self.init(keepsEarliest: keepsEarliest)
        for point in points { add(point) }
    }

    var count: Int { Int(held) }

    var points: [Point] {
        (0..<count).map { point(at: $0) }
    }

    /// The `index`th point in month order.
    @inline(__always)
    func point(at index: Int) -> Point {
        Point(month: month(at: slot(index)), value: value(at: slot(index)))
    }

    /// Adds every point of `other` (what merging two parts of a rep's history does),
    /// without building an array of them.
    @inline(__always)
    mutating func add(pointsOf other: MonthWindow) {
        for index in 0..<other.count { add(other.point(at: index)) }
    }

    /// Keeps `point` if it is among the `capacity` earliest (or latest) months seen.
    /// Months arriving in order, the common case, cost a comparison and one slot written.
    @inline(__always)
    mutating func add(_ point: Point) {
        let count = self.count
        if count > 0 && point.month > lastMonth {
            // After every month held.
            if count < Self.capacity {
                put(point, at: slot(count))
                held += 1
                lastMonth = point.month
            } else if !keepsEarliest {
                // The earliest held makes room: its slot becomes the latest.
                put(point, at: Int(start))
                start = Int(start) + 1 == Self.capacity ? 0 : start + 1
                lastMonth = point.month
            }
            return
        }
        insert(point)
    }

    /// A point before some month held: placed in order, dropping the one that no longer
    /// belongs. The window is rebuilt slot by slot in a fresh inline window (no array).
    private mutating func insert(_ point: Point) {
        let count = self.count
        var index = 0
        while index < count && self.point(at: index).month < point.month { index += 1 }
        let dropsEarliest = count == Self.capacity && !keepsEarliest
        if dropsEarliest && index == 0 { return }
        var rebuilt = MonthWindow(keepsEarliest: keepsEarliest)
        for i in (dropsEarliest ? 1 : 0)..<index { rebuilt.append(self.point(at: i)) }
        rebuilt.append(point)
        for i in index..<count where rebuilt.count < Self.capacity { rebuilt.append(self.point(at: i)) }
        self = rebuilt
    }

    /// Appends to a window that has never rotated (`start` is 0).
    @inline(__always)
    private mutating func append(_ point: Point) {
        put(point, at: Int(held))
        held += 1
        lastMonth = point.month
    }

    /// The mean of the values held, summed in month order.
    var mean: Double {
        var sum = 0.0
        for i in 0..<count { sum += value(at: slot(i)) }
        return sum / Double(count)
    }

    static func == (a: MonthWindow, b: MonthWindow) -> Bool {
        guard a.keepsEarliest == b.keepsEarliest, a.count == b.count else { return false }
        return (0..<a.count).allSatisfy { a.point(at: $0) == b.point(at: $0) }
    }

    // MARK: Slots

    /// The slot of the `index`th point in month order.
    @inline(__always)
    private func slot(_ index: Int) -> Int {
        let slot = Int(start) + index
        return slot >= Self.capacity ? slot - Self.capacity : slot
    }

    // A switch over the slot rather than a pointer into the tuples: taking the address of
    // the tuples put them on the stack (with a stack-protector check) on every row.
    @inline(__always)
    private mutating func put(_ point: Point, at slot: Int) {
        switch slot {
        case 0: months.0 = point.month; values.0 = point.value
        case 1: months.1 = point.month; values.1 = point.value
        case 2: months.2 = point.month; values.2 = point.value
        case 3: months.3 = point.month; values.3 = point.value
        case 4: months.4 = point.month; values.4 = point.value
        default: months.5 = point.month; values.5 = point.value
        }
    }

    @inline(__always)
    private func month(at slot: Int) -> Int32 {
        switch slot {
        case 0: months.0
        case 1: months.1
        case 2: months.2
        case 3: months.3
        case 4: months.4
        default: months.5
        }
    }

    @inline(__always)
    private func value(at slot: Int) -> Double {
        switch slot {
        case 0: values.0
        case 1: values.1
        case 2: values.2
        case 3: values.3
        case 4: values.4
        default: values.5
        }
    }
}
