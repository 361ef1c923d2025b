import CoachLabData
/// Each rep's attainment over its months, reduced to what a per-rep trend needs: the exact
/// sums of the OLS regression of attainment (bookings / quota) on month, and the rep's six
/// earliest and six latest months. Mergeable exactly across any split of the rows, so it
/// serves as a partial state: the same, to the bit, for any rows' split or thread count.
///
/// A month counts when its quota is above zero and it has a period. Built by
/// ``init(_:rows:reps:threads:)``, reduced to each rep's slope and early and late means by
/// ``outcomes(minimumMonths:threads:)``, written as state records by ``encode(to:)``.
package struct RepAttainmentTrends: Sendable, Equatable {
    /// One trend per rep, indexed by rep code.
    var trends: [RepTrend]
    /// The points the trends' windows name.
    var points: TrendPoints

    init(trends: [RepTrend], points: TrendPoints) {
        self.trends = trends
        self.points = points
    }

    /// The trends of the `reps` reps over `rows` of `performance`, filled on up to
    /// `threads` threads, each rep's trend by one thread.
    /// - Complexity: O(rows + reps); one pass over the rows.
    package init(_ performance: Performance, rows: Range<Int>, reps: Int, threads: Int) {
        precondition(performance.count <= Int(Int32.max), "windows name rows by 32-bit ids")
        let trends = if let monthOrder = performance.monthOrder {
            Self.trendsInMonthOrder(performance, monthOrder: monthOrder, rows: rows, reps: reps, threads: threads)
        } else {
            Self.trendsByBlocks(performance, rows: rows, reps: reps, threads: threads)
        }
        self.init(trends: trends, points: TrendPoints(performance))
    }

    /// The number of reps.
    package var count: Int { trends.count }

    /// Folds in the trends of other rows of the same reps. The two name points in columns
    /// of their own (or of different datasets): the merged trends hold the points of both
    /// windows in new columns, or, when these points are already their own and no rep has
    /// months in both (blocks of whole reps, merged as they arrive), `other`'s appended to
    /// them: a merge then costs `other`'s reps, not every rep merged so far.
    package mutating func merge(_ other: RepAttainmentTrends) {
        precondition(other.trends.count == trends.count, "trends of different reps")
        if points.isOwn && !self.trends.indices.contains(where: { self.trends[$0].count > 0 && other.trends[$0].count > 0 }) {
            appendReps(of: other)
            return
        }
        var merged = PointsBuilder()
        var trends = self.trends
        self.points.withBuffers { mine in
            other.points.withBuffers { theirs in
                for rep in trends.indices where trends[rep].count > 0 || other.trends[rep].count > 0 {
                    let (a, b) = (self.trends[rep], other.trends[rep])
                    trends[rep].mergeSums(b)
                    trends[rep].earliest = merged.window(a.earliest, in: mine, b.earliest, in: theirs)
                    trends[rep].latest = merged.window(a.latest, in: mine, b.latest, in: theirs)
                }
            }
        }
        self.trends = trends
        self.points = merged.points
    }

    /// Takes in `other`'s reps, none of which has a month here: the windows here keep their
    /// points, and each of `other`'s copies its own.
    private mutating func appendReps(of other: RepAttainmentTrends) {
        var trends = self.trends
        self.trends = []
        points.extend { builder in
            other.points.withBuffers { theirs in
                for rep in other.trends.indices where other.trends[rep].count > 0 {
                    var trend = other.trends[rep]
                    trend.earliest = builder.window(copying: trend.earliest, from: theirs)
                    trend.latest = builder.window(copying: trend.latest, from: theirs)
                    trends[rep] = trend
                }
            }
        }
        self.trends = trends
    }

    /// Equal sums and equal points in every window, wherever the points are held.
    package static func == (a: RepAttainmentTrends, b: RepAttainmentTrends) -> Bool {
        guard a.trends.count == b.trends.count else { return false }
        return a.points.withBuffers { pa in
            b.points.withBuffers { pb in
                a.trends.indices.allSatisfy { rep in
                    let (x, y) = (a.trends[rep], b.trends[rep])
                    return x.sumsEqual(y) && pa.points(x.earliest) == pb.points(y.earliest)
                        && pa.points(x.latest) == pb.points(y.latest)
                }
            }
        }
    }

    /// Each rep's slope and early and late means, the reps taken by chunks on up to
    /// `threads` threads; a rep needs `minimumMonths` months for a slope.
    /// - Complexity: O(reps).
    package func outcomes(minimumMonths: Int, threads: Int) -> RepTrendOutcomes {
        points.withBuffers { RepTrendOutcomes(trends, points: $0, minPeriods: minimumMonths, threads: threads) }
    }
}
