import CoachLabPluginAPI

/// How often do reps in each region attain quota?
public struct AttainmentByRegion: MetricPlugin {
    public init() {}

    /// Declared once, with its type and default; read typed: `options[Self.minimumReps]`.
    static let minimumReps = OptionKey.integer("min-reps", summary: "reps a region needs for a rate", in: 1...100_000, default: 5)

    public let descriptor = PluginDescriptor(
        id: "attainment-by-region", title: "Attainment by region",
        summary: "Compares how often reps in each region attain quota.",
        description: "Rep-months with a quota above zero, by the rep's region (reps.csv): the share with bookings at or above quota.",
        requiredTables: [.managers, .reps, .performance],
        columns: [ColumnReference(.reps, "region")],  // an optional column is loaded only when declared
        options: [minimumReps.declaration])

    public func compute(_ context: PluginContext) throws(PluginError) -> MetricResult {
        let counts = RegionCounts(context.dataset, rows: 0..<context.dataset.performance.count)
        return counts.result(id: descriptor.id, title: descriptor.title, minimumReps: context.options[Self.minimumReps])
    }
}

/// Reps per region, and their rep-months with a quota and those attained in `rows`.
public struct RegionCounts: Sendable {
    var regions: [String], reps: [Int], repMonths: [Int], attained: [Int]

    init(_ dataset: Dataset, rows: Range<Int>) {
        let codes = dataset.reps.regions?.codes ?? [Int32](repeating: -1, count: dataset.reps.count)
        regions = dataset.reps.regions?.categories ?? []
        let zeros = [Int](repeating: 0, count: regions.count)
        (reps, repMonths, attained) = (zeros, zeros, zeros)
        for code in codes where code >= 0 { reps[Int(code)] += 1 }
        let performance = dataset.performance
        for row in rows where performance.quotas[row] > 0 {
            let region = Int(codes[Int(performance.reps[row])])
            guard region >= 0 else { continue }
            repMonths[region] += 1
            if performance.bookings[row] >= performance.quotas[row] { attained[region] += 1 }
        }
    }

    func result(id: String, title: String, minimumReps: Int) -> MetricResult {
        var table = ResultTable(name: "by_region", columns: [
            ResultColumn("region", label: "Region", .label), ResultColumn("reps", label: "Reps", .count(of: .reps)),
            ResultColumn("rep_months", label: "Rep-months", .count(of: .repMonths)),
            ResultColumn("attainment_rate", label: "Attainment rate", .proportion),
        ])
        for (region, name) in regions.enumerated() {
            let rate = reps[region] >= minimumReps && repMonths[region] > 0 ? Double(attained[region]) / Double(repMonths[region]) : nil
            table.rows.append([.text(name), .integer(reps[region]), .integer(repMonths[region]), .number(rate)])
        }
        return MetricResult(
            pluginID: id, title: title,
            summary: [ResultField("regions", .integer(regions.count), .count(of: .groups)),
                      ResultField("min_reps", .integer(minimumReps), .count(of: .threshold))],
            tables: [table], notes: ["A region with fewer than \(minimumReps) reps, or no rep-month with a quota, has no rate (null)."])
    }
}
