import CoachLabPluginAPI
import CoachLabData
extension RepAttainmentTrends {
    /// Writes every rep with a month as three records: `rep` (rep code, n, Σx, Σx², Σy,
    /// Σxy), then `earliest` and `latest` (rep code, then each point's month and value in
    /// month order).
    package func encode(to writer: inout Partial.Writer) {
        points.withBuffers { points in
            for (rep, trend) in trends.enumerated() where trend.count > 0 {
                writer.record("rep", rep, trend.count, trend.sumX, trend.sumXX, trend.sumY, trend.sumXY)
                writer.record("earliest", Self.fields(rep: rep, trend.earliest, points))
                writer.record("latest", Self.fields(rep: rep, trend.latest, points))
            }
        }
    }

    /// A window's record: the rep, then each point's month and value in month order.
    private static func fields(rep: Int, _ window: MonthWindow, _ points: TrendPoints.Buffers) -> [any Partial.Field] {
        var fields: [any Partial.Field] = [rep]
        fields.reserveCapacity(1 + 2 * window.count)
        for index in 0..<window.count {
            let point = points.point(window.id(at: index))
            fields.append(point.month)
            fields.append(point.value)
        }
        return fields
    }

    /// Reads back, to the end of `reader`, the trends of `reps` reps that ``encode(to:)``
    /// wrote, checking them as untrusted input: counts within the rows the state covers, sums
    /// that fit their months, windows in month order within the calendar.
    package init(decoding reader: inout Partial.Reader, reps: Int) throws(Partial.FormatError) {
        let bounds = reader.bounds
        var trends = [RepTrend](repeating: RepTrend(), count: reps)
        var read = PointsBuilder()
        // Counts are at most 2⁴⁸ (Partial.Bounds.maximumRows): a sum of two cannot overflow.
        var months = 0
        while let record = reader.next() {
            try record.expectFields(6)
            guard record.name == "rep" else { throw Partial.FormatError(line: record.line, "expected a 'rep' record, found '\(record.shownName)'") }
            let rep = try record.code(0, below: reps)
            var trend = RepTrend()
            trend.count = try record.count(1, atMost: bounds.rows)
            trend.sumX = try record.field(2)
            trend.sumXX = try record.field(3)
            trend.sumY = try record.field(4)
            trend.sumXY = try record.field(5)
            let earliest = try Self.window(reader.expect("earliest"), rep: rep, count: trend.count)
            let latest = try Self.window(reader.expect("latest"), rep: rep, count: trend.count)
            guard trend.count > 0, trends[rep].count == 0 else {
                throw Partial.FormatError(line: record.line, "rep \(rep) is empty or listed twice")
            }
            months += trend.count
            guard months <= bounds.rows else {
                throw Partial.FormatError(line: record.line, "the reps' months add up to more than the \(bounds.rows) row(s) the state covers")
            }
            guard trend.sumsFit(between: earliest[0].month, and: latest[latest.count - 1].month) else {
                throw Partial.FormatError(line: record.line, "rep \(rep): the sums of its months do not fit its \(trend.count) months from \(earliest[0].month) to \(latest[latest.count - 1].month)")
            }
            trend.earliest = read.window(keepsEarliest: true, earliest)
            trend.latest = read.window(keepsEarliest: false, latest)
            trends[rep] = trend
        }
        self.init(trends: trends, points: read.points)
    }

    /// Why `other`'s sums cannot be merged into these (a rep's month sums beyond 64 bits), or nil.
    package func mergeProblem(with other: RepAttainmentTrends) -> String? {
        guard other.trends.count == trends.count else { return "the states hold different numbers of reps" }
        for rep in trends.indices where trends[rep].count > 0 && other.trends[rep].count > 0 {
            guard trends[rep].canMergeSums(other.trends[rep]) else { return "rep \(rep)'s sums of months would overflow" }
        }
        return nil
    }

    /// A window's points: as many as the rep's months allow, months in order and within
    /// the calendar a dataset can name.
    private static func window(_ record: Partial.Record, rep: Int, count: Int) throws(Partial.FormatError) -> [MonthWindow.Point] {
        guard try record.field(0, as: Int.self) == rep, record.fields.count % 2 == 1,
              record.fields.count / 2 == min(count, RepTrend.window), count > 0 else {
            throw Partial.FormatError(line: record.line, "'\(record.name)' does not match rep \(rep)")
        }
        var points: [MonthWindow.Point] = []
        for index in stride(from: 1, to: record.fields.count, by: 2) {
            let point = MonthWindow.Point(month: try record.field(index), value: try record.field(index + 1))
            guard MonthIndex.representable.contains(point.month), point.month >= points.last?.month ?? point.month else {
                throw Partial.FormatError(line: record.line, "'\(record.name)' of rep \(rep): months out of order or outside the calendar")
            }
            points.append(point)
        }
        return points
    }
}
