import CoachLabData

extension DatasetBuilder {
    /// How far bookings may lie from attainment × quota and still agree: half a percentage
    /// point of the quota (an attainment rounded to a whole percent still agrees) plus a cent.
    static func bookingsTolerance(quota: Double) -> Double { 0.005 * abs(quota) + 0.01 }

    /// Performance's bookings: as the file gives them, or attainment × quota when it gives
    /// attainment instead (a mapped export, docs/MAPPING.md), each row checked: bookings are
    /// required, and where both are given they must agree (``bookingsTolerance(quota:)``).
    mutating func checkedBookings(_ file: ParsedTable, quotas: [Double]) -> [Double] {
        let given = file.numbers("bookings")
        guard let attainment = file.numbers("attainment"), attainment.count == quotas.count else {
            let bookings = given ?? []
            if ColumnScan.counts(bookings, threads: threads).missing > 0 {
                for row in 0..<bookings.count where bookings[row].isNaN {
                    log.add(file, row: row, column: "bookings", value: nil, .missingValue, "is empty; bookings are required")
                }
            }
            return bookings
        }
        guard let given, given.count == quotas.count else {
            var bookings = [Double](repeating: .nan, count: quotas.count)
            for row in 0..<quotas.count {
                bookings[row] = attainment[row] * quotas[row]
                if attainment[row].isNaN {
                    log.add(file, row: row, column: "attainment", value: nil, .missingValue,
                            "is empty; bookings are attainment × quota, and are required")
                } else if quotas[row].isNaN {
                    log.add(file, row: row, column: "quota", value: nil, .missingValue,
                            "is empty; bookings are attainment × quota, and are required")
                }
            }
            return bookings
        }
        for row in 0..<given.count {
            if given[row].isNaN {
                log.add(file, row: row, column: "bookings", value: nil, .missingValue, "is empty; bookings are required")
                continue
            }
            let expected = attainment[row] * quotas[row]
            guard expected.isFinite, abs(given[row] - expected) > Self.bookingsTolerance(quota: quotas[row]) else { continue }
            log.add(file, row: row, column: "bookings", value: Self.display(given[row]), .inconsistentAmounts,
                    "disagrees with attainment × quota (\(Self.percent(attainment[row])) × \(Self.display(quotas[row])) = \(Self.display((expected * 100).rounded() / 100)))")
        }
        return given
    }

    private static func percent(_ share: Double) -> String {
        let text = String((share * 100 * 1e6).rounded() / 1e6)
        return (text.hasSuffix(".0") ? String(text.dropLast(2)) : text) + "%"
    }
}
