/// A rep's `capacity` earliest or latest points, in month order, held as the ids of points
/// in a ``TrendPoints`` (rows of performance.csv, or points of a state read back): 32
/// bytes inline, one per rep, a quarter of a million reps, written one slot at a time.
struct MonthWindow: Sendable {
    struct Point: Sendable, Equatable {
        var month: Int32
        var value: Double
    }

    static let capacity = 6

    private var ids: (Int32, Int32, Int32, Int32, Int32, Int32) = (0, 0, 0, 0, 0, 0)
    /// The latest month held (meaningless while empty): the common test, is a point later
    /// than everything held, reads it instead of looking a point up.
    private var lastMonth: Int32 = 0
    private var held: Int8 = 0
    /// The slot of the earliest point held. A full window of the latest months rotates
    /// instead of shifting when a later month arrives (the common case, once per row).
    private var start: Int8 = 0
    /// Which end of a rep's history the window keeps.
    let keepsEarliest: Bool

    init(keepsEarliest: Bool) { self.keepsEarliest = keepsEarliest }

    var count: Int { Int(held) }

    /// The id of the `index`th point in month order.
    @inline(__always)
    func id(at index: Int) -> Int32 { id(inSlot: slot(index)) }

    /// Keeps point `id` of month `month` if it is among the `capacity` earliest (or latest)
    /// months seen; `months` gives the month of every id held. Months arriving in order,
    /// the common case, cost a comparison and one slot written.
    @inline(__always)
    mutating func add(id: Int32, month: Int32, months: UnsafeBufferPointer<Int32>) {
        let count = self.count
        if count > 0 && month > lastMonth {
            // After every month held.
            if count < Self.capacity {
                put(id, at: slot(count))
                held += 1
                lastMonth = month
            } else if !keepsEarliest {
                // The earliest held makes room: its slot becomes the latest.
                put(id, at: Int(start))
                start = Int(start) + 1 == Self.capacity ? 0 : start + 1
                lastMonth = month
            }
            return
        }
        insert(id: id, month: month, months: months)
    }

    /// A point before some month held: placed in order, dropping the one that no longer
    /// belongs. The window is rebuilt slot by slot in a fresh inline window (no array).
    private mutating func insert(id: Int32, month: Int32, months: UnsafeBufferPointer<Int32>) {
        let count = self.count
        var index = 0
        while index < count && months[Int(self.id(at: index))] < month { index += 1 }
        let dropsEarliest = count == Self.capacity && !keepsEarliest
        if dropsEarliest && index == 0 { return }
        var rebuilt = MonthWindow(keepsEarliest: keepsEarliest)
        for i in (dropsEarliest ? 1 : 0)..<index { rebuilt.append(self.id(at: i), months: months) }
        rebuilt.append(id, month: month)
        for i in index..<count where rebuilt.count < Self.capacity { rebuilt.append(self.id(at: i), months: months) }
        self = rebuilt
    }

    /// Appends to a window that has never rotated (`start` is 0).
    @inline(__always)
    private mutating func append(_ id: Int32, month: Int32) {
        put(id, at: Int(held))
        held += 1
        lastMonth = month
    }

    private mutating func append(_ id: Int32, months: UnsafeBufferPointer<Int32>) {
        append(id, month: months[Int(id)])
    }

    // MARK: Slots

    /// The slot of the `index`th point in month order.
    @inline(__always)
    private func slot(_ index: Int) -> Int {
        let slot = Int(start) + index
        return slot >= Self.capacity ? slot - Self.capacity : slot
    }

    // A switch over the slot rather than a pointer into the tuple: taking the address of
    // the tuple put it on the stack (with a stack-protector check) on every row.
    @inline(__always)
    private mutating func put(_ id: Int32, at slot: Int) {
        switch slot {
        case 0: ids.0 = id
        case 1: ids.1 = id
        case 2: ids.2 = id
        case 3: ids.3 = id
        case 4: ids.4 = id
        default: ids.5 = id
        }
    }

    @inline(__always)
    private func id(inSlot slot: Int) -> Int32 {
        switch slot {
        case 0: ids.0
        case 1: ids.1
        case 2: ids.2
        case 3: ids.3
        case 4: ids.4
        default: ids.5
        }
    }
}
