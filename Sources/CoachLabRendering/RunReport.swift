import CoachLabPluginAPI

/// What a run produced, as every renderer receives it.
public struct RunReport: Sendable {
    /// The dataset path as the user gave it.
    public var dataset: String
    public var results: [MetricResult]
    /// Plugins that could not run on this dataset, with the reason.
    public var skipped: [PluginSelection.Skipped]

    public init(dataset: String, results: [MetricResult], skipped: [PluginSelection.Skipped] = []) {
        self.dataset = dataset
        self.results = results
        self.skipped = skipped
    }
}

/// The output formats of `coachlab run`.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
    case csv
    case markdown

    /// The renderer for this format.
    public var renderer: any ResultRenderer {
        switch self {
        case .table: TextTableRenderer()
        case .json: JSONRenderer()
        case .csv: CSVRenderer()
        case .markdown: MarkdownRenderer()
        }
    }
}

/// Presents a run's typed results in one format. Renderers never compute statistics.
public protocol ResultRenderer: Sendable {
    func render(_ report: RunReport) -> String
}
