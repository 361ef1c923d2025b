import CoachLabData

extension MappingDraft {
    /// Up to three of `candidates` that together read every value, the one reading most
    /// first (for `date:` or `period:` as a list); nil when no three do. A value two of them
    /// read differently (03/04/2024 by dd/MM/yyyy and MM/dd/yyyy) is flagged in the note.
    static func patternCover(_ values: [String], kind: CSVColumnKind, candidates: [String]) -> PatternGuess? {
        let patterns = candidates.compactMap { text in (try? DatePattern(text)).map { (text, $0) } }
        func reads(_ pattern: DatePattern, _ value: String) -> Bool {
            Array(value.utf8).withUnsafeBytes { kind == .date ? pattern.date($0) != nil : pattern.month($0) != nil }
        }
        var remaining = values
        var chosen: [(String, DatePattern)] = []
        while !remaining.isEmpty && chosen.count < 3 {
            var best: (String, DatePattern)?
            var bestCount = 0
            for candidate in patterns {
                let count = remaining.filter { reads(candidate.1, $0) }.count
                if count > bestCount { (best, bestCount) = (candidate, count) }
            }
            guard let best else { return nil }
            chosen.append(best)
            remaining.removeAll { reads(best.1, $0) }
        }
        guard remaining.isEmpty, chosen.count > 1 else { return nil }
        let format = ValueFormat(datePatterns: chosen.map(\.1))
        let ambiguous = values.first { value in
            let reading = Array(value.utf8).withUnsafeBytes { kind == .date ? format.date($0) : format.month($0) }
            if case .ambiguous = reading { return true }
            return false
        }
        let note = ambiguous.map { "CHECK: \(quoted($0)) is read differently by two of these patterns, and stops the load: keep the one the export uses" }
        return .patterns(chosen.map(\.0), note: note)
    }
}

extension MappingDraft {
    /// The encoding of a file from its first bytes (UTF-16 by its byte-order mark,
    /// windows-1252 when they are not UTF-8 and look like it), the bytes transcoded to
    /// UTF-8 for reading the sample; `cutShort` when they are not the whole file.
    static func encoding(of bytes: inout [UInt8], cutShort: Bool) -> TextEncoding {
        var encoding = TextEncoding.utf8
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            encoding = .utf16
            if bytes.count % 2 != 0 { bytes.removeLast() }
        } else if case .singleByte = bytes.withUnsafeBytes({ EncodingGuess.of($0, cutShort: cutShort).guess }) {
            encoding = .windows1252
        } else {
            return .utf8
        }
        var decoded = bytes.withUnsafeBytes { try? encoding.decode($0).get() }
        // A sample cut inside a UTF-16 surrogate pair: the pair's half is dropped.
        if decoded == nil && encoding == .utf16 && bytes.count >= 4 {
            decoded = bytes.dropLast(2).withUnsafeBytes { try? encoding.decode($0).get() }
        }
        guard let decoded else { return .utf8 }
        bytes = decoded
        return encoding
    }

    /// The encoding most of the export's files use (UTF-8 on a tie), written at the top.
    static func sharedEncoding(_ samples: [Sample]) -> TextEncoding {
        let counts = samples.reduce(into: [TextEncoding: Int]()) { $0[$1.encoding, default: 0] += 1 }
        let most = counts.values.max() ?? 0
        if counts[.utf8, default: 0] == most { return .utf8 }
        return counts.filter { $0.value == most }.keys.min { $0.rawValue < $1.rawValue } ?? .utf8
    }
}

extension MappingDraft {
    /// Headers of an attainment column (compared as ``ColumnSynonyms/normalized(_:)``).
    static let attainmentHeaders = ["attainment", "attainmentpercent", "attainmentpct", "quotaattainment",
                                    "quotaattainmentpercent", "percentofquota", "percenttoquota", "attainmentofquota"]

    /// For performance's bookings when the file has none but an attainment column: the
    /// mapping of it as `attainment` (bookings are then attainment × quota).
    func attainmentInstead(of request: CSVColumnRequest, in table: DatasetTable, sample: Sample, used: inout Set<String>) -> String? {
        guard table == .performance, request.name == "bookings",
              Self.header(for: "bookings", of: table, in: sample.header, excluding: used) == nil,
              let header = sample.header.first(where: { Self.attainmentHeaders.contains(ColumnSynonyms.normalized($0)) && !used.contains($0) })
        else { return nil }
        used.insert(header)
        var keys = ["header: \(Self.quoted(header))"]
        let values = (sample.values[header] ?? []).map { $0.hasSuffix("%") ? $0 : $0 + "%" }
        if case .format(let text) = Self.numberFormat(values), !text.isEmpty { keys.append(text) } else { keys.append("percent: true") }
        if !keys.contains(where: { $0.contains("percent: true") }) { keys.append("percent: true") }
        return "      # bookings: none in the file; attainment × quota (docs/MAPPING.md)\n"
            + "      attainment: { \(keys.joined(separator: ", ")) }\n"
    }

    /// The export's own tier labels among `values`: those that are not a canonical tier,
    /// each once (the first spelling of labels that differ only in case, spaces, `_`, `-`).
    static func ownLabels(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { CoachingTier(label: $0) == nil && seen.insert(CoachingTier.normalized($0)).inserted }
            .map { $0.trimmingSpaces() }
    }
}
