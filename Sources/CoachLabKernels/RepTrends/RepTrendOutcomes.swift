import CoachLabSystem
/// What a per-rep trend gives each rep, taken from ``RepAttainmentTrends`` in one pass:
/// whether the rep counts, its slope, and its early and late means. Reps are taken in
/// chunks by whichever thread is free; each rep's values are its own, so they do not depend
/// on `threads`.
///
/// A pass across reps in rep order (sums per tier or per manager) reads these columns (25
/// bytes a rep) instead of the 128-byte trends.
package struct RepTrendOutcomes: Sendable {
    package enum Kind: UInt8, Sendable {
        /// No month with a quota above zero: not counted at all.
        case noData
        /// Fewer months than min-periods.
        case tooFewMonths
        /// Enough months, but no slope: a sum overflowed (an attainment too large to sum).
        case overflowed
        /// Enough months, but no slope: no spread in months.
        case noSlope
        /// A slope, but too few months for early and late means that do not overlap.
        case slope
        /// A slope and early and late means (twice ``RepTrend/window`` months or more).
        case slopeAndMeans

        package var hasSlope: Bool { self == .slope || self == .slopeAndMeans }
    }

    package private(set) var kinds: [Kind]
    /// Each rep's slope, NaN when it has none.
    package private(set) var slopes: [Double]
    /// The mean of the values of each window of a rep with at least twice
    /// ``RepTrend/window`` months (0 for the others), summed in month order from 0.
    private(set) var early: [Double]
    private(set) var late: [Double]

    static let chunk = 4096

    /// Every rep's entries are first written by the thread that fills its chunk (no zeroing
    /// before): the page faults of the new columns are shared by the threads as the work is.
    init(_ trends: [RepTrend], points: TrendPoints.Buffers, minPeriods: Int, threads: Int) {
        let count = trends.count
        var (kinds, slopes, early, late): ([Kind], [Double], [Double], [Double]) = ([], [], [], [])
        kinds = [Kind](largeUninitializedCount: count) { kindsOut in
        slopes = [Double](largeUninitializedCount: count) { slopesOut in
        early = [Double](largeUninitializedCount: count) { earlyOut in
        late = [Double](largeUninitializedCount: count) { lateOut in
        trends.withUnsafeBufferPointer { trends in
            let work = OutcomesWork(
                points: points, trends: trends, minPeriods: minPeriods,
                kinds: kindsOut, slopes: slopesOut, early: earlyOut, late: lateOut)
            Parallel.forEachChunk(of: count, chunk: Self.chunk, threads: threads) { reps in work.fill(reps) }
        }}}}}
        (self.kinds, self.slopes, self.early, self.late) = (kinds, slopes, early, late)
    }
}

/// What the threads of ``RepTrendOutcomes/init(_:points:minPeriods:threads:)`` share: the
/// points and trends, read only, and the outcomes, each rep's written by one thread.
private struct OutcomesWork: @unchecked Sendable {
    let points: TrendPoints.Buffers
    let trends: UnsafeBufferPointer<RepTrend>
    let minPeriods: Int
    let kinds: UnsafeMutableBufferPointer<RepTrendOutcomes.Kind>
    let slopes: UnsafeMutableBufferPointer<Double>
    let early: UnsafeMutableBufferPointer<Double>
    let late: UnsafeMutableBufferPointer<Double>

    /// Writes every entry of `reps`.
    func fill(_ reps: Range<Int>) {
        for rep in reps {
            let count = trends[rep].count
            let slope = count >= minPeriods ? trends[rep].slope : nil
            slopes[rep] = slope ?? .nan
            kinds[rep] = if count == 0 {
                .noData
            } else if count < minPeriods {
                .tooFewMonths
            } else if slope != nil {
                count >= 2 * RepTrend.window ? .slopeAndMeans : .slope
            } else {
                trends[rep].sumY.isValid && trends[rep].sumXY.isValid ? .noSlope : .overflowed
            }
        }
        fillMeans(reps)
    }

    /// The means are taken slot by slot across the chunk's trends rather than trend by
    /// trend: the rows of consecutive reps sit together in an export, so a slot's values
    /// are read in two streams instead of twelve rows at random per rep.
    private func fillMeans(_ reps: Range<Int>) {
        let width = MonthWindow.capacity
        let chunk = RepTrendOutcomes.chunk
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: 2 * chunk * width) { ids in
            let start = reps.lowerBound
            for rep in reps {
                early[rep] = 0
                late[rep] = 0
            }
            // Slot k of the chunk's i-th trend at k × chunk + i, early then late.
            for rep in reps {
                let full = trends[rep].count >= 2 * RepTrend.window
                for slot in 0..<width {
                    ids[slot * chunk + rep - start] = full ? trends[rep].earliest.id(at: slot) : -1
                    ids[(width + slot) * chunk + rep - start] = full ? trends[rep].latest.id(at: slot) : -1
                }
            }
            for slot in 0..<width {
                for rep in reps where ids[slot * chunk + rep - start] >= 0 {
                    early[rep] += points.value(ids[slot * chunk + rep - start])
                    late[rep] += points.value(ids[(width + slot) * chunk + rep - start])
                }
            }
            for rep in reps {
                early[rep] /= Double(width)
                late[rep] /= Double(width)
            }
        }
    }
}

extension RepTrendOutcomes {
    /// Values of reps grouped by tier, each tier's in rep order: a slice per tier.
    package struct ByTier: Sendable {
        /// The slopes of the tier's reps that have one.
        package var slopes: [ArraySlice<Double>]
        /// The early and late means of the tier's reps that have them.
        package var early: [ArraySlice<Double>]
        package var late: [ArraySlice<Double>]
    }

    /// The slopes, and the early and late means, of the reps that have them, grouped by the
    /// tier `tiers[rep]` (in `0..<tierCount`). A stable partition on `threads` threads: each
    /// chunk of reps counts its values of each tier, then writes them where the chunks
    /// before it leave off, so the grouping does not depend on `threads`.
    package func groupedByTier(_ tiers: [Int8], tierCount: Int, threads: Int) -> ByTier {
        precondition(tiers.count == kinds.count && tiers.allSatisfy { $0 >= 0 && Int($0) < tierCount }, "a tier for every rep")
        let chunks = (kinds.count + Self.chunk - 1) / Self.chunk
        // Per chunk and tier: how many slopes, and how many early and late means.
        let counts = SharedBuffer<(slopes: Int, means: Int)>(repeating: (0, 0), count: chunks * tierCount)
        Parallel.forEachChunk(of: chunks, chunk: 1, threads: threads) { owned in
            for chunk in owned {
                for rep in reps(ofChunk: chunk) where kinds[rep].hasSlope {
                    let slot = chunk * tierCount + Int(tiers[rep])
                    counts[slot].slopes += 1
                    if kinds[rep] == .slopeAndMeans { counts[slot].means += 1 }
                }
            }
        }
        // Tier after tier in one array each; within a tier, chunk after chunk.
        var firstSlot = [(slopes: Int, means: Int)](repeating: (0, 0), count: chunks * tierCount)
        var slopeRanges: [Range<Int>] = []
        var meanRanges: [Range<Int>] = []
        var next = (slopes: 0, means: 0)
        for tier in 0..<tierCount {
            let start = next
            for chunk in 0..<chunks {
                let slot = chunk * tierCount + tier
                firstSlot[slot] = next
                next.slopes += counts[slot].slopes
                next.means += counts[slot].means
            }
            slopeRanges.append(start.slopes..<next.slopes)
            meanRanges.append(start.means..<next.means)
        }
        let starts = firstSlot
        var (groupedEarly, groupedLate): ([Double], [Double]) = ([], [])
        let groupedSlopes = [Double](largeUninitializedCount: next.slopes) { slopesOut in
        groupedEarly = [Double](largeUninitializedCount: next.means) { earlyOut in
        groupedLate = [Double](largeUninitializedCount: next.means) { lateOut in
            let out = GroupedOutput(slopes: slopesOut, early: earlyOut, late: lateOut)
            Parallel.forEachChunk(of: chunks, chunk: 1, threads: threads) { owned in
                for chunk in owned {
                    var cursors = Array(starts[(chunk * tierCount)..<((chunk + 1) * tierCount)])
                    for rep in reps(ofChunk: chunk) where kinds[rep].hasSlope {
                        let tier = Int(tiers[rep])
                        out.slopes[cursors[tier].slopes] = slopes[rep]
                        cursors[tier].slopes += 1
                        if kinds[rep] == .slopeAndMeans {
                            out.early[cursors[tier].means] = early[rep]
                            out.late[cursors[tier].means] = late[rep]
                            cursors[tier].means += 1
                        }
                    }
                }
            }
        }}}
        return ByTier(
            slopes: slopeRanges.map { groupedSlopes[$0] }, early: meanRanges.map { groupedEarly[$0] },
            late: meanRanges.map { groupedLate[$0] })
    }

    private func reps(ofChunk chunk: Int) -> Range<Int> {
        (chunk * Self.chunk)..<min((chunk + 1) * Self.chunk, kinds.count)
    }
}

/// Where the threads of ``RepTrendOutcomes/groupedByTier(_:tierCount:threads:)`` write, each
/// index by one thread.
private struct GroupedOutput: @unchecked Sendable {
    let slopes: UnsafeMutableBufferPointer<Double>
    let early: UnsafeMutableBufferPointer<Double>
    let late: UnsafeMutableBufferPointer<Double>
}
