import CoachLabData

/// Where the fields of one CSV column go while a file is read: a typed buffer, or nowhere.
struct ColumnSink {
    enum Kind: UInt8 { case skip, text, number, integer, date, month }

    let kind: Kind
    let name: String
    var numbers: [Double] = []
    var int32s: [Int32] = []
    var interner = ByteInterner()

    init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    init(request: CSVColumnRequest, name: String) {
        switch request.kind {
        case .text:
            self.init(kind: .text, name: name)
            if let dictionary = request.dictionary { interner = dictionary.interner }
        case .number: self.init(kind: .number, name: name)
        case .integer: self.init(kind: .integer, name: name)
        case .date: self.init(kind: .date, name: name)
        case .month: self.init(kind: .month, name: name)
        }
    }

    mutating func reserve(_ rows: Int) {
        switch kind {
        case .skip: break
        case .number, .integer: numbers.reserveCapacity(rows)
        case .text, .date, .month: int32s.reserveCapacity(rows)
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
