import CoachLabPluginAPI
import CoachLabTestSupport
import Testing

/// One random edit of a state's records, as the state-edit tests make them: a field replaced
/// by an extreme value (negative, zero, huge, not a number, another record's kind of value),
/// or a record removed, repeated or moved.
enum RandomStateEdit {
    static let extremes = [
        "-1", "0", "1", "2", "-", "x", "", "nan", "inf", "-inf", "1e308", "-0", "64", "65", "127", "1023", "1024",
        "1200", "1201", "2147483647", "9223372036854775807", "281474976710656", "invalid",
        "170141183460469231731687303715884105727", "needs_improvement", "exceeds", "M9", "24276",
    ]

    /// `lines` with one edit.
    static func applied(to lines: [String], random: inout SplitMixGenerator) -> [String] {
        var lines = lines
        let index = Int.random(in: 0..<lines.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            var fields = lines[index].split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count > 1 { fields[Int.random(in: 1..<fields.count, using: &random)] = extremes.randomElement(using: &random)! }
            lines[index] = fields.joined(separator: "\t")
        case 1: lines.remove(at: index)
        case 2: lines.insert(lines[index], at: index)
        default: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &random))
        }
        return lines
    }

    /// 300 random edits of `original`, each read by `read`: a state that is refused must say
    /// why; one that reads must merge with `other` and finalise (or say why not) without
    /// trapping, and is then handed to `alsoCheck`. Records an issue unless more than 50 are
    /// refused (edits that go unnoticed would be most of them).
    static func expectRefusedOrReadSafely(
        _ original: [String], seed: UInt64, plugin: some DecomposableMetric, other: any PartialState, options: PluginOptions,
        read: ([String]) throws(Partial.FormatError) -> any PartialState, alsoCheck: (any PartialState) -> Void = { _ in },
        _ label: String
    ) {
        var random = SplitMixGenerator(seed: seed)
        var refused = 0, readSafely = 0
        for _ in 0..<300 {
            let lines = applied(to: original, random: &random)
            do throws(Partial.FormatError) {
                let state = try read(lines)
                readSafely += 1
                if let merged = try? plugin.erasedMerge(state, other) {
                    _ = try? plugin.erasedFinalize(merged, options: options)
                }
                _ = try? plugin.erasedFinalize(state, options: options)
                alsoCheck(state)
            } catch {
                refused += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(refused > 50, "\(label): \(refused) refused, \(readSafely) read")
    }
}
