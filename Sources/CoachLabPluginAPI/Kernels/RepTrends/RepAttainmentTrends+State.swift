extension RepAttainmentTrends {
    /// Writes every rep with a month as three records: `rep` (rep code, n, Σx, Σx², Σy,
    /// Σxy), then `earliest` and `latest` (rep code, then each point's month and value in
    /// month order).
    package func encode(to writer: inout StateWriter) {
        points.withBuffers { points in
            for (rep, trend) in trends.enumerated() where trend.count > 0 {
                writer.record("rep", rep, trend.count, trend.sumX, trend.sumXX, trend.sumY, trend.sumXY)
                writer.record("earliest", Self.fields(rep: rep, trend.earliest, points))
                writer.record("latest", Self.fields(rep: rep, trend.latest, points))
            }
        }
    }

    /// A window's record: the rep, then each point's month and value in month order.
    private static func fields(rep: Int, _ window: MonthWindow, _ points: TrendPoints.Buffers) -> [any StateField] {
        var fields: [any StateField] = [rep]
        fields.reserveCapacity(1 + 2 * window.count)
        for index in 0..<window.count {
            let point = points.point(window.id(at: index))
            fields.append(point.month)
            fields.append(point.value)
        }
        return fields
    }

    /// Reads back, to the end of `reader`, the trends of `reps` reps that ``encode(to:)`` wrote.
    package init(decoding reader: inout StateReader, reps: Int) throws(StateFormatError) {
        var trends = [RepTrend](repeating: RepTrend(), count: reps)
        var read = PointsBuilder()
        while let record = reader.next() {
            try record.expectFields(6)
            guard record.name == "rep" else { throw StateFormatError(line: record.line, "expected a 'rep' record, found '\(record.name)'") }
            let rep = try record.code(0, below: reps)
            var trend = RepTrend()
            trend.count = try record.field(1)
            trend.sumX = try record.field(2)
            trend.sumXX = try record.field(3)
            trend.sumY = try record.field(4)
            trend.sumXY = try record.field(5)
            trend.earliest = read.window(keepsEarliest: true, try Self.window(reader.expect("earliest"), rep: rep, count: trend.count))
            trend.latest = read.window(keepsEarliest: false, try Self.window(reader.expect("latest"), rep: rep, count: trend.count))
            guard trend.count > 0, trends[rep].count == 0 else {
                throw StateFormatError(line: record.line, "rep \(rep) is empty or listed twice")
            }
            trends[rep] = trend
        }
        self.init(trends: trends, points: read.points)
    }

    private static func window(_ record: StateRecord, rep: Int, count: Int) throws(StateFormatError) -> [MonthWindow.Point] {
        guard try record.field(0, as: Int.self) == rep, record.fields.count % 2 == 1,
              record.fields.count / 2 == min(count, RepTrend.window) else {
            throw StateFormatError(line: record.line, "'\(record.name)' does not match rep \(rep)")
        }
        var points: [MonthWindow.Point] = []
        for index in stride(from: 1, to: record.fields.count, by: 2) {
            points.append(.init(month: try record.field(index), value: try record.field(index + 1)))
        }
        return points
    }
}
