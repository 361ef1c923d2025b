/// The values of one table column in contiguous memory, read-only: either an array's, or a
/// region of a mapped column-cache file, used where it lies.
///
/// The large table's columns are ``Column``s rather than arrays so that a dataset answered
/// from the column cache is never copied: copying hundreds of megabytes out of the mapped
/// file (and having the kernel zero as much fresh memory to copy into) cost more than the
/// plugins' work on it. A mapped column keeps its mapping alive for as long as any column
/// of it exists.
///
/// Kernels read it through ``withUnsafeBufferPointer(_:)``; everything else reads it as any
/// random-access collection of `Element`.
public struct Column<Element: BitwiseCopyable & Sendable>: RandomAccessCollection, Sendable {
    @usableFromInline
    enum Storage: Sendable {
        case array([Element])
        case mapped(MappedValues<Element>)
    }

    @usableFromInline let storage: Storage

    /// A column holding `values`.
    public init(_ values: [Element]) {
        storage = .array(values)
    }

    /// A column of the `values` in memory that `owner` keeps valid and unchanged for as long
    /// as it lives (a read-only file mapping, for instance).
    public init(borrowing values: UnsafeBufferPointer<Element>, keptBy owner: some AnyObject & Sendable) {
        storage = .mapped(MappedValues(values: values, owner: owner))
    }

    public var startIndex: Int { 0 }

    @inlinable
    public var endIndex: Int {
        switch storage {
        case .array(let values): values.count
        case .mapped(let mapped): mapped.values.count
        }
    }

    @inlinable
    public subscript(position: Int) -> Element {
        switch storage {
        case .array(let values):
            return values[position]
        case .mapped(let mapped):
            precondition(position >= 0 && position < mapped.values.count, "column index out of range")
            return mapped.values[position]
        }
    }

    /// Takes the storage apart once rather than for every value, as the default indexing
    /// iterator did through the subscript: a `zip` of three columns into per-rep sums ran
    /// 2.3 times as fast (Benchmarks, `column_sequence_reads`).
    public struct Iterator: IteratorProtocol {
        @usableFromInline let storage: Storage
        @usableFromInline var position = 0
        @usableFromInline let end: Int

        @inlinable
        init(_ column: Column) {
            storage = column.storage
            end = column.endIndex
        }

        @inlinable
        public mutating func next() -> Element? {
            guard position < end else { return nil }
            defer { position &+= 1 }
            switch storage {
            case .array(let values): return values[position]
            case .mapped(let mapped): return mapped.values[position]
            }
        }
    }

    @inlinable
    public func makeIterator() -> Iterator { Iterator(self) }

    /// Calls `body` with the values as one buffer (valid only during the call).
    @inlinable
    public func withUnsafeBufferPointer<R, E: Error>(_ body: (UnsafeBufferPointer<Element>) throws(E) -> R) throws(E) -> R {
        switch storage {
        case .array(let values):
            return try values.withUnsafeBufferPointer(body)
        case .mapped(let mapped):
            return try withExtendedLifetime(mapped.owner) { () throws(E) -> R in try body(mapped.values) }
        }
    }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        switch storage {
        case .array(let values): try values.withUnsafeBufferPointer(body)
        case .mapped(let mapped): try withExtendedLifetime(mapped.owner) { try body(mapped.values) }
        }
    }

    /// The values as an array (a copy when the column is mapped).
    public var array: [Element] {
        switch storage {
        case .array(let values): values
        case .mapped(let mapped): withExtendedLifetime(mapped.owner) { Array(mapped.values) }
        }
    }

    /// Whether the values lie in a mapped file rather than in an array.
    public var isMapped: Bool {
        if case .mapped = storage { true } else { false }
    }
}

/// A mapped column's values and what keeps them valid.
@usableFromInline
struct MappedValues<Element>: @unchecked Sendable {
    // Unchecked: the memory is read-only for its whole life, and `owner` (itself Sendable)
    // keeps it valid; nothing here is ever written.
    @usableFromInline let values: UnsafeBufferPointer<Element>
    @usableFromInline let owner: AnyObject

    init(values: UnsafeBufferPointer<Element>, owner: some AnyObject & Sendable) {
        self.values = values
        self.owner = owner
    }
}

extension Column: ExpressibleByArrayLiteral {
    public init(arrayLiteral values: Element...) { self.init(values) }
}

extension Column: Equatable where Element: Equatable {
    public static func == (a: Column, b: Column) -> Bool { a.elementsEqual(b) }
}

extension Column: CustomStringConvertible {
    public var description: String { array.description }
}
