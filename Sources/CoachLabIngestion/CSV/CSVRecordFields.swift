/// The values of the chosen fields of the record being read (``CSVRecordStream``), kept in
/// memory of their own: libcsv hands a field over in a buffer it reuses, and a line without
/// quotes lends its bytes for as long as its record is handed on. Allocated once per read
/// and reached through a pointer, so that a record costs no reference counting.
struct CSVRecordFields {
    /// One chosen field's value.
    private struct Value {
        var storage: UnsafeMutableRawPointer?
        var capacity = 0
        var count = 0
        /// Bytes lent by the line being read, instead of ``storage``.
        var lent: UnsafeRawBufferPointer?
        var present = false
    }

    /// The positions of the fields kept, in the order asked.
    private var wanted: [Int] = []
    private var lastWanted = -1
    private var values = UnsafeMutableBufferPointer<Value>(start: nil, count: 0)
    /// Every field of the header, while it is read.
    private(set) var headerFields: [[UInt8]] = []
    private(set) var readingHeader = true
    private var fieldIndex = 0
    /// Fields in the record last ended (see ``CSVRecordStream/Record/fieldCount``).
    private(set) var fieldCount = 0
    /// Rows libcsv has ended so far.
    private(set) var rowsEnded = 0

    /// A field from libcsv, copied when it is kept.
    mutating func accept(_ bytes: UnsafeRawBufferPointer) {
        if readingHeader {
            headerFields.append(Array(bytes))
        } else {
            for (index, position) in wanted.enumerated() where position == fieldIndex {
                copy(bytes, into: index)
            }
        }
        fieldIndex += 1
    }

    /// The fields of a line without quotes, split at each delimiter; the values kept are
    /// lent from `line`, which must outlive the record's handing on. The line is read up to
    /// the last field kept, to its end only when one is missing.
    mutating func acceptUnquoted(_ line: UnsafeRawBufferPointer, delimiter: UInt8) {
        var field = 0
        var start = 0
        var index = 0
        let count = line.count
        let last = lastWanted
        while index <= count && field <= last {
            if index == count || line[index] == delimiter {
                for (wantedIndex, position) in wanted.enumerated() where position == field {
                    // Spaces (and tabs between other delimiters) around the value dropped, as libcsv drops them.
                    var (low, high) = (start, index)
                    while low < high && (line[low] == 0x20 || (line[low] == 0x09 && delimiter != 0x09)) { low += 1 }
                    while high > low && (line[high - 1] == 0x20 || (line[high - 1] == 0x09 && delimiter != 0x09)) { high -= 1 }
                    values[wantedIndex].lent = UnsafeRawBufferPointer(rebasing: line[low..<high])
                    values[wantedIndex].present = true
                }
                field += 1
                start = index + 1
            }
            index += 1
        }
        fieldCount = field
    }

    mutating func endRow() {
        fieldCount = fieldIndex
        fieldIndex = 0
        rowsEnded += 1
    }

    /// The header is read: from now on only the fields at `positions` are kept.
    mutating func keep(_ positions: [Int]) {
        readingHeader = false
        headerFields = []
        wanted = positions
        lastWanted = positions.max() ?? -1
        values = .allocate(capacity: positions.count)
        _ = values.initialize(from: positions.map { _ in Value() })
    }

    /// The value of the `index`th field kept, nil when the record lacked it.
    func value(_ index: Int) -> UnsafeRawBufferPointer? {
        let value = values[index]
        guard value.present else { return nil }
        return value.lent ?? UnsafeRawBufferPointer(start: value.storage, count: value.count)
    }

    /// Forgets the record's values, before the next.
    mutating func clear() {
        for index in values.indices {
            values[index].present = false
            values[index].lent = nil
        }
    }

    func release() {
        for value in values { value.storage?.deallocate() }
        values.deallocate()
    }

    private mutating func copy(_ bytes: UnsafeRawBufferPointer, into index: Int) {
        if values[index].capacity < bytes.count {
            values[index].storage?.deallocate()
            let capacity = max(64, bytes.count)
            values[index].storage = .allocate(byteCount: capacity, alignment: 1)
            values[index].capacity = capacity
        }
        if let source = bytes.baseAddress, bytes.count > 0 {
            values[index].storage!.copyMemory(from: source, byteCount: bytes.count)
        }
        values[index].count = bytes.count
        values[index].lent = nil
        values[index].present = true
    }
}
