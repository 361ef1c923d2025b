import CoachLabData

extension ParseState {
    /// A field of a column whose export writes values its own way (a mapping's value
    /// format): missing-value tokens, grouped and currency numbers, percentages, date and
    /// period patterns, tier ratings and labels. Off the canonical path.
    mutating func acceptFormatted(_ bytes: UnsafeRawBufferPointer, into sink: UnsafeMutablePointer<ColumnSink>, column: Int) {
        let value = trimmedValue(bytes)
        let format = sink.pointee.format
        if value.isEmpty || format.isMissing(value) {
            sink.pointee.appendMissing()
            return
        }
        switch sink.pointee.kind {
        case .skip:
            return
        case .number, .integer:
            let parsed = format.number.map { $0.parse(value) } ?? FieldParsers.number(value)
            guard let number = parsed else {
                report(column: column, value, "is not a number\(Self.expectation(format.number))", .notANumber)
                sink.pointee.numbers.append(.nan)
                return
            }
            if sink.pointee.kind == .integer && number != number.rounded(.towardZero) {
                report(column: column, value, "is not a whole number", .notAWholeNumber)
            }
            sink.pointee.numbers.append(number)
        case .text:
            var code: Int32
            if let rule = format.tiers {
                guard let tier = rule.tier(value) else {
                    report(column: column, value, "is not a coaching tier (expected \(rule.expectation)); add it to the mapping's `\(rule.key):`", .unknownCategory)
                    sink.pointee.int32s.append(CategoricalColumn.missing)
                    return
                }
                code = Array(tier.id.utf8).withUnsafeBytes { sink.pointee.interner.code(for: $0) }
            } else {
                code = sink.pointee.interner.code(for: value)
            }
            if code == ByteInterner.invalidUTF8 {
                report(column: column, value, Self.invalidTextMessage(value), .invalidText)
                code = CategoricalColumn.missing
            }
            sink.pointee.int32s.append(code)
        case .date:
            switch format.date(value) {
            case .value(let day):
                sink.pointee.int32s.append(day)
            case .unreadable:
                report(column: column, value, "is not a date (expected \(format.datePatterns.isEmpty ? "YYYY-MM-DD" : format.patternList))", .notADate)
                sink.pointee.int32s.append(CivilDate.missing)
            case .ambiguous(let first, let firstDay, let second, let secondDay):
                report(column: column, value, Self.ambiguity(first, CivilDate.format(firstDay), second, CivilDate.format(secondDay)), .ambiguousDate)
                sink.pointee.int32s.append(CivilDate.missing)
            }
        case .month:
            switch format.month(value) {
            case .value(let month):
                sink.pointee.int32s.append(month)
            case .unreadable:
                report(column: column, value, "is not a period (expected \(format.datePatterns.isEmpty ? "YYYY-MM" : format.patternList))", .notAPeriod)
                sink.pointee.int32s.append(MonthIndex.missing)
            case .ambiguous(let first, let firstMonth, let second, let secondMonth):
                report(column: column, value, Self.ambiguity(first, MonthIndex.format(firstMonth), second, MonthIndex.format(secondMonth)), .ambiguousDate)
                sink.pointee.int32s.append(MonthIndex.missing)
            }
        }
    }

    /// A value two patterns read differently, both readings named.
    private static func ambiguity(_ first: DatePattern, _ firstReading: String, _ second: DatePattern, _ secondReading: String) -> String {
        "reads as \(firstReading) by '\(first.description)' and as \(secondReading) by '\(second.description)': write it unambiguously, or keep one of the patterns"
    }

    private static func expectation(_ format: NumberFormat?) -> String {
        guard let format else { return "" }
        var parts: [String] = []
        if let symbol = format.currencySymbol { parts.append("currency '\(String(decoding: symbol, as: UTF8.self))'") }
        if let separator = format.groupingSeparator { parts.append("thousands '\(String(decoding: separator, as: UTF8.self))'") }
        parts.append("decimal '\(String(UnicodeScalar(format.decimalSeparator)))'")
        if format.isPercent { parts.append("percent") }
        return " (expected " + parts.joined(separator: ", ") + ")"
    }
}
