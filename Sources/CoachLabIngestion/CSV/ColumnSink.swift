import CoachLabData
import CoachLabSystem

/// Where the fields of one CSV column go while a file is read: a typed buffer, or nowhere.
struct ColumnSink {
    enum Kind: UInt8 { case skip, text, number, integer, date, month }

    let kind: Kind
    /// The header name, as problems show it.
    let name: String
    /// The name of the request it fills (the canonical column).
    let requestName: String
    /// How the export writes values, when it is not the canonical way (checked per field
    /// as a flag, so the canonical path never touches the format).
    let hasFormat: Bool
    let format: ValueFormat
    var numbers = SinkValues<Double>()
    var int32s = SinkValues<Int32>()
    var interner = ByteInterner()

    init(kind: Kind, name: String, requestName: String = "", format: ValueFormat? = nil) {
        self.kind = kind
        self.name = name
        self.requestName = requestName
        self.hasFormat = format.map { !$0.isCanonical } ?? false
        self.format = format ?? ValueFormat()
    }

    init(request: CSVColumnRequest, name: String) {
        let kind: Kind = switch request.kind {
        case .text: .text
        case .number: .number
        case .integer: .integer
        case .date: .date
        case .month: .month
        }
        self.init(kind: kind, name: name, requestName: request.name, format: request.format)
        if let dictionary = request.dictionary { interner = dictionary.interner }
    }

    mutating func reserve(_ rows: Int) {
        switch kind {
        case .skip: break
        case .number, .integer: numbers.reserve(rows)
        case .text, .date, .month: int32s.reserve(rows)
        }
    }

    /// Writes this piece's values into `region` (room for `capacity` of them) of the
    /// column's final storage before any go to an array of its own.
    mutating func attach(region: UnsafeMutableRawPointer, capacity: Int) {
        switch kind {
        case .skip: break
        case .number, .integer: numbers.attach(region.assumingMemoryBound(to: Double.self), capacity: capacity)
        case .text, .date, .month: int32s.attach(region.assumingMemoryBound(to: Int32.self), capacity: capacity)
        }
    }

    mutating func appendMissing() {
        switch kind {
        case .skip: break
        case .number, .integer: numbers.append(.nan)
        case .text: int32s.append(CategoricalColumn.missing)
        case .date: int32s.append(CivilDate.missing)
        case .month: int32s.append(MonthIndex.missing)
        }
    }

    /// Takes back the value of a row that is left out.
    mutating func removeLast() {
        switch kind {
        case .skip: break
        case .number, .integer: numbers.removeLast()
        case .text, .date, .month: int32s.removeLast()
        }
    }

    /// The finished column of one piece of a file; nil for a skipped one.
    func finish() -> PieceColumn? {
        switch kind {
        case .skip: nil
        case .number, .integer: .numbers(numbers)
        case .text: .text(int32s, interner)
        case .date: .dates(int32s)
        case .month: .months(int32s)
        }
    }
}

/// A column as one piece of a file produced it: text keeps its interner, so that pieces
/// merge into one dictionary without decoding strings again.
enum PieceColumn {
    case numbers(SinkValues<Double>)
    case text(SinkValues<Int32>, ByteInterner)
    case dates(SinkValues<Int32>)
    case months(SinkValues<Int32>)
}

/// One piece's values of one column: first into its region of the column's final storage
/// (every piece of a file writes its own region of the same storage, so joining them moves
/// values within memory already written instead of copying into fresh memory), then, once
/// the region is full or when there is none, into an array of its own.
struct SinkValues<Element: BitwiseCopyable> {
    private(set) var region: UnsafeMutablePointer<Element>?
    private(set) var regionCount = 0
    private var regionCapacity = 0
    /// The values after the region's: all of them for a piece without a region.
    private(set) var overflow: [Element] = []

    var count: Int { regionCount + overflow.count }

    mutating func attach(_ region: UnsafeMutablePointer<Element>, capacity: Int) {
        precondition(count == 0, "a region is attached before any value")
        self.region = region
        regionCapacity = capacity
    }

    /// Room for `rows` values in the array, for a piece without a region.
    mutating func reserve(_ rows: Int) {
        guard region == nil else { return }
        overflow.reserveCapacity(rows)
        let bytes = overflow.capacity * MemoryLayout<Element>.stride
        guard bytes >= 2 * HugePages.size else { return }
        overflow.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { HugePages.advise(UnsafeMutableRawPointer(base), byteCount: bytes) }
        }
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if regionCount < regionCapacity {
            region.unsafelyUnwrapped[regionCount] = value
            regionCount &+= 1
        } else {
            overflow.append(value)
        }
    }

    mutating func removeLast() {
        if overflow.isEmpty { regionCount -= 1 } else { overflow.removeLast() }
    }

    /// The values in order, as an array (the piece's own array when it has no region).
    var array: [Element] {
        guard let region, regionCount > 0 else { return overflow }
        return Array(UnsafeBufferPointer(start: region, count: regionCount)) + overflow
    }
}
