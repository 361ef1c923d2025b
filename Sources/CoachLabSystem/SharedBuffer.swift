/// Values that the parts of ``Parallel/forEachPart(of:parts:_:)`` fill at disjoint indices.
///
/// Each index must be written by one part only; reading is safe once all parts are done.
package final class SharedBuffer<Element>: @unchecked Sendable {
    @usableFromInline let storage: UnsafeMutableBufferPointer<Element>

    @inlinable package init(repeating value: Element, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    @inlinable package var count: Int { storage.count }

    // Inlinable: kernels in other modules read and write it once per rep in their loops.
    @inlinable package subscript(index: Int) -> Element {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// The values as an array.
    @inlinable package var array: [Element] { Array(storage) }
}
