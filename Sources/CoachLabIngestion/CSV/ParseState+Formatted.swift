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
                    report(column: column, value, "is not a coaching tier (expected \(rule.expectation))", .unknownCategory)
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
            let day = format.datePattern.map { $0.date(value) } ?? FieldParsers.date(value)
            if let day {
                sink.pointee.int32s.append(day)
            } else {
                report(column: column, value, "is not a date (expected \(format.datePattern?.description ?? "YYYY-MM-DD"))", .notADate)
                sink.pointee.int32s.append(CivilDate.missing)
            }
        case .month:
            let month = format.datePattern.map { $0.month(value) } ?? FieldParsers.month(value)
            if let month {
                sink.pointee.int32s.append(month)
            } else {
                report(column: column, value, "is not a period (expected \(format.datePattern?.description ?? "YYYY-MM"))", .notAPeriod)
                sink.pointee.int32s.append(MonthIndex.missing)
            }
        }
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
