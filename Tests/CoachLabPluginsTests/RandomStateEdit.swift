import CoachLabTestSupport

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
}
