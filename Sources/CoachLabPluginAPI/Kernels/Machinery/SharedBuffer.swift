/// Values that the parts of ``Parallel/forEachPart(of:parts:_:)`` fill at disjoint indices.
///
/// Each index must be written by one part only; reading is safe once all parts are done.
package final class SharedBuffer<Element>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Element>

    package init(repeating value: Element, count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: value)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    package var count: Int { storage.count }

    package subscript(index: Int) -> Element {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// The values as an array.
    package var array: [Element] { Array(storage) }
}
