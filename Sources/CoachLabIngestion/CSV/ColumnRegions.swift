import CoachLabData
import CoachLabSystem

/// Where one piece of a file writes a column's values: a stretch of the column's final
/// storage, room for `capacity` values from `base`.
struct ColumnRegion {
    let base: UnsafeMutableRawPointer
    let capacity: Int
}

/// The final arrays of a file's kept columns, made before a file in several pieces is
/// parsed, so that each piece's parser writes its values straight into its own region of
/// them (``SinkValues``) and the pieces are joined by moving each region down behind the
/// one before it: every column is written once into memory of its own, instead of into
/// each piece's arrays and then again, copied, into a joined one.
enum FinalColumns {
    enum Storage {
        case numbers([Double])
        case int32s([Int32])
    }

    /// Calls `fill` with room for `capacity` values of each column (Doubles where
    /// `holdsNumbers`, else Int32s) and returns the columns, each holding as many values as
    /// the count `fill` returns for it (`fill` must have initialised them from the start).
    static func make(
        holdsNumbers: [Bool], capacity: Int, _ fill: ([UnsafeMutableRawPointer]) -> [Int]
    ) -> [Storage] {
        var bases: [UnsafeMutableRawPointer] = []
        var counts: [Int] = []
        return make(holdsNumbers[...], capacity: max(1, capacity), bases: &bases, counts: &counts, fill)
    }

    /// One column's array around the rest: the parse runs inside the innermost.
    private static func make(
        _ holdsNumbers: ArraySlice<Bool>, capacity: Int, bases: inout [UnsafeMutableRawPointer], counts: inout [Int],
        _ fill: ([UnsafeMutableRawPointer]) -> [Int]
    ) -> [Storage] {
        guard let numbers = holdsNumbers.first else {
            counts = fill(bases)
            return []
        }
        let index = bases.count
        var rest: [Storage] = []
        func storage<T>(_ type: T.Type) -> [T] {
            [T](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                // Not advised to use 2 MiB pages: a fresh huge page's cost varies too much on
                // a shared machine (Benchmarks/README.md, *Numbers behind the code*).
                bases.append(UnsafeMutableRawPointer(buffer.baseAddress!))
                rest = make(holdsNumbers.dropFirst(), capacity: capacity, bases: &bases, counts: &counts, fill)
                initialized = counts[index]
                // The later pieces wrote into the spare room at the end before they moved
                // down: give those pages back instead of holding them for the whole run.
                MemoryPages.release(UnsafeMutableRawPointer(buffer.baseAddress! + counts[index]),
                                    byteCount: (capacity - counts[index]) * MemoryLayout<T>.stride)
            }
        }
        let column: Storage = numbers ? .numbers(storage(Double.self)) : .int32s(storage(Int32.self))
        return [column] + rest
    }
}
