import CoachLabData
import Testing

/// A column reads the same whether its values are an array's or borrowed from memory
/// another object keeps (as a mapped cache file does).
@Suite struct ColumnTests {
    /// Memory written once at creation and only read after, like a read-only mapping.
    final class Owner: @unchecked Sendable {
        let values: UnsafeMutableBufferPointer<Double>
        init(_ values: [Double]) {
            self.values = .allocate(capacity: values.count)
            _ = self.values.initialize(from: values)
        }
        deinit { values.deallocate() }
    }

    @Test func borrowedAndOwnedValuesReadAlike() {
        let values: [Double] = [1.5, .nan, -0.0, 42, 1e300]
        let owned = Column(values)
        let borrowed = { () -> Column<Double> in
            let owner = Owner(values)
            return Column(borrowing: UnsafeBufferPointer(owner.values), keptBy: owner)
        }()
        #expect(!owned.isMapped && borrowed.isMapped)
        #expect(owned.count == 5 && borrowed.count == 5)
        #expect(borrowed.array.map(\.bitPattern) == values.map(\.bitPattern))
        #expect(owned.array.map(\.bitPattern) == values.map(\.bitPattern))
        #expect((0..<5).allSatisfy { borrowed[$0].bitPattern == values[$0].bitPattern })
        #expect(borrowed.withUnsafeBufferPointer { $0.reduce(0) { $0 + ($1.isNaN ? 1 : 0) } } == 1)
        #expect(Array(borrowed.reversed()).count == 5)
        #expect(borrowed.withContiguousStorageIfAvailable { $0.count } == 5)
    }

    @Test func iteratingVisitsEveryValueOnceInOrder() {
        let values: [Double] = [1.5, .nan, -0.0, 42, 1e300]
        let owner = Owner(values)
        let borrowed = Column(borrowing: UnsafeBufferPointer(owner.values), keptBy: owner)
        for column in [Column(values), borrowed] {
            var visited: [UInt64] = []
            for value in column { visited.append(value.bitPattern) }
            #expect(visited == values.map(\.bitPattern))
            var iterator = column.makeIterator()
            for _ in values { _ = iterator.next() }
            #expect(iterator.next() == nil && iterator.next() == nil)
            #expect(zip(column, column.dropFirst()).map { $1.bitPattern } == values.dropFirst().map(\.bitPattern))
        }
        var empty = Column<Int32>([]).makeIterator()
        #expect(empty.next() == nil)
    }

    @Test func equalityIsElementwise() {
        let literal: Column<Int32> = [3, 1, 2]
        #expect(literal == Column([3, 1, 2]))
        #expect(literal != Column([3, 1]))
        #expect(literal.description == "[3, 1, 2]")
        #expect(Column<Int32>([]).isEmpty)
    }
}
