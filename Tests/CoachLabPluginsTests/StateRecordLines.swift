import CoachLabPluginAPI

/// A state's records as the text lines `Partial.Writer` writes, and a reader of such lines:
/// how the state-edit tests take a state apart, edit it and read it back.
enum StateRecordLines {
    /// The lines of `state`'s records.
    static func of(_ state: some PartialState) -> [String] {
        var writer = Partial.Writer()
        state.encode(to: &writer)
        return writer.lines
    }

    /// A reader of `lines` (a line starting with `@`, or empty, is left out), checked
    /// against `bounds`.
    static func reader(_ lines: [String], bounds: Partial.Bounds) -> Partial.Reader {
        var writer = Partial.Writer()
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard let name = fields.first, !name.isEmpty, !name.hasPrefix("@") else { continue }
            writer.record(name, Array(fields.dropFirst()) as [any Partial.Field])
        }
        return Partial.Reader(writer, bounds: bounds)
    }

    /// `plugin`'s state read from `lines`, which must hold nothing after it.
    static func decode(_ plugin: some DecomposableMetric, _ lines: [String], bounds: Partial.Bounds) throws(Partial.FormatError) -> any PartialState {
        var reader = reader(lines, bounds: bounds)
        let state = try plugin.erasedDecode(&reader)
        try reader.expectEnd()
        return state
    }
}
