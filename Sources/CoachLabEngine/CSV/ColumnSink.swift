import CoachLabData

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
    var numbers: [Double] = []
    var int32s: [Int32] = []
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
        case .number, .integer:
            numbers.reserveCapacity(rows)
            Self.adviseHugePages(&numbers)
        case .text, .date, .month:
            int32s.reserveCapacity(rows)
            Self.adviseHugePages(&int32s)
        }
    }

    /// Backs a large reserved column with 2 MiB pages (see ``HugePages``).
    private static func adviseHugePages<T>(_ values: inout [T]) {
        let bytes = values.capacity * MemoryLayout<T>.stride
        guard bytes >= 2 * HugePages.size else { return }
        values.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress { HugePages.advise(UnsafeMutableRawPointer(base), byteCount: bytes) }
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
    case numbers([Double])
    case text([Int32], ByteInterner)
    case dates([Int32])
    case months([Int32])

    var parsed: ParsedColumn {
        switch self {
        case .numbers(let values): .numbers(values)
        case .text(let codes, let interner): .text(CategoricalColumn(codes: codes, categories: interner.strings))
        case .dates(let values): .dates(values)
        case .months(let values): .months(values)
        }
    }
}
