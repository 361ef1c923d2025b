import CoachLabData

extension RepMonthCoverage {
    /// The name of the state's lines that hold the coverage.
    static let lineName = "@rep-months"

    /// The coverage as state lines, between line breaks, and their number: one line
    /// per rep with months, its code, then each run's first month and length
    /// (`@rep-months	12	24277	36`). One string, not a string per rep.
    var text: (lines: String, count: Int) {
        var text = ""
        text.reserveCapacity(runs.count * 28)
        var count = 0
        var index = runs.startIndex
        while index < runs.endIndex {
            let rep = runs[index].rep
            if count > 0 { text += "\n" }
            text += Self.lineName
            text += "\t"
            text += String(rep)
            while index < runs.endIndex && runs[index].rep == rep {
                text += "\t"
                text += String(runs[index].first)
                text += "\t"
                text += String(runs[index].months)
                index += 1
            }
            count += 1
        }
        return (text, count)
    }

    /// Reads a state's `@rep-months` lines as untrusted input: each is checked before it is
    /// kept, and what is kept is at most what the line holds, so a forged line can neither
    /// trap nor allocate beyond its own length.
    struct Reader {
        /// Rows of reps.csv (the `@dimensions` line): every rep is a code below it.
        let reps: Int
        /// Rows of performance.csv the state's shards hold: one rep-month each.
        let rows: Int
        /// The shards' first and last months; nil when they hold no rows.
        let periods: ClosedRange<Int32>?
        private var runs: [Run] = []
        private var months = 0
        /// The lowest code the next line may name: reps come in order, once each.
        private var nextRep = 0

        init(reps: Int, rows: Int, periods: ClosedRange<Int32>?) {
            self.reps = reps
            self.rows = rows
            self.periods = periods
        }

        /// Reads one line (its name first), its numbers straight from its bytes: a state of
        /// a million reps has a million of these lines.
        /// - Returns: what is wrong with it, or nil when it was read.
        mutating func read(_ line: Substring) -> String? {
            var line = line
            return line.withUTF8 { read(IntegerFields(bytes: $0, from: lineName.utf8.count)) }
        }

        private mutating func read(_ line: IntegerFields) -> String? {
            var fields = line
            let malformed = "malformed '\(lineName)' line (a rep's code, then the first month and number of months of each of its runs)"
            guard case .number(let rep)? = fields.next() else { return malformed }
            guard rep >= nextRep, rep < reps else {
                return rep < reps && rep >= 0
                    ? "'\(lineName)' of rep \(rep) is out of order or repeated (reps come in order, once each)"
                    : "'\(lineName)' names rep \(rep), but the state's dimension tables have \(reps) reps"
            }
            guard let periods else {
                return "'\(lineName)' lines, but the state's shards hold no rows of performance.csv"
            }
            // The month after the rep's last run so far: the next run starts after it.
            var after = Int(Int32.min)
            var lineMonths = 0
            var pairs = 0
            while let firstField = fields.next() {
                guard let countField = fields.next() else { return malformed }
                guard case .number(let firstValue) = firstField, case .number(let countValue) = countField,
                      let first = Int32(exactly: firstValue), let count = Int32(exactly: countValue), count >= 1 else {
                    return "malformed run '\(firstField)\t\(countField)' of rep \(rep) (a month and a number of months from 1)"
                }
                let last = Int(first) + Int(count) - 1
                guard periods.contains(first), last <= Int(periods.upperBound) else {
                    return "rep \(rep)'s months \(first) to \(last) lie outside its shards' months \(periods.lowerBound) to \(periods.upperBound)"
                }
                guard Int(first) > after else {
                    return "rep \(rep)'s runs overlap, touch or are out of order at month \(first)"
                }
                // Each rep-month is a row: the lines' months add up to at most the rows.
                lineMonths += Int(count)
                guard lineMonths <= rows - months else {
                    return "'\(lineName)' lines hold more rep-months than the \(rows) row(s) of performance.csv the state covers"
                }
                after = last + 1
                // Kept as read: a refusal ends the whole read, so nothing is taken back.
                runs.append(Run(rep: Int32(rep), first: first, months: count))
                pairs += 1
            }
            guard pairs > 0 else { return malformed }
            months += lineMonths
            nextRep = rep + 1
            return nil
        }

        /// The coverage read, or what is wrong with it: a state's rep-months are its rows.
        func finish() -> Result<RepMonthCoverage, CoverageMismatch> {
            guard months == rows else { return .failure(CoverageMismatch(months: months, rows: rows)) }
            return .success(RepMonthCoverage(canonical: runs))
        }
    }

    /// A state whose `@rep-months` lines do not add up to its rows of performance.csv.
    struct CoverageMismatch: Error {
        var months: Int
        var rows: Int

        var message: String {
            "its '\(RepMonthCoverage.lineName)' lines hold \(months) rep-month(s), but its shards \(rows) row(s) of performance.csv (each row is one rep-month)"
        }
    }
}

/// The tab-separated fields of a line after its name, each read as a whole number.
private struct IntegerFields {
    enum Field: CustomStringConvertible {
        case number(Int)
        /// Anything else, as written.
        case other(String)

        var description: String {
            switch self {
            case .number(let number): String(number)
            case .other(let text): text
            }
        }
    }

    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the next field's tab is.
    var index: Int

    init(bytes: UnsafeBufferPointer<UInt8>, from index: Int) {
        self.bytes = bytes
        self.index = index
    }

    /// The next field; nil at the end of the line. A number is an optional minus and 1 to
    /// 18 digits, so it cannot overflow.
    mutating func next() -> Field? {
        guard index < bytes.count else { return nil }
        let start = index + 1
        var end = start
        while end < bytes.count && bytes[end] != 0x09 { end += 1 }
        index = end
        let negative = start < end && bytes[start] == 0x2D
        let digits = (negative ? start + 1 : start)..<end
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ (0x30...0x39).contains(bytes[$0]) }) else {
            return .other(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
        }
        let magnitude = digits.reduce(0) { $0 * 10 + Int(bytes[$1] - 0x30) }
        return .number(negative ? -magnitude : magnitude)
    }
}
