import CoachLabData

/// The mapping line likely to read a group of values that did not read (``ProblemGroup``),
/// guessed from them as `mapping init` guesses (number formats, date patterns, tiers), and
/// where it goes: `write `quota: { header: "Quota", currency: "€", thousands: ".",
/// decimal: "," }` (mapping.yaml:32)`.
enum MappingFixes {
    static func fix(for group: ProblemGroup, table: DatasetTable, mapping: DatasetMapping?) -> String? {
        guard let header = group.column else { return nil }
        let schema = DatasetSchema.columns(of: table) + DatasetSchema.mappedOnlyColumns(of: table)
        guard let request = schema.first(where: { (mapping?.request($0, in: table) ?? $0).headerName.lowercased() == header.lowercased() })
        else { return nil }
        let name = request.name
        var keys: String?
        var why = ""
        switch group.reason {
        case .notANumber where request.kind == .number || request.kind == .integer:
            switch MappingDraft.numberFormat(group.values) {
            case .format(let text): keys = text
            case .canonical: keys = ""
            case .unknown: return nil
            }
        case .notADate, .notAPeriod:
            guard request.kind == .date || request.kind == .month else { return nil }
            keys = MappingDraft.datePattern(group.values, kind: request.kind).key(request.kind)
        case .unknownCategory where name == "coaching_quality":
            let distinct = Array(Set(group.values)).sorted()
            if distinct.allSatisfy({ FieldParsers.numberOf($0) != nil }) {
                keys = "tiers: { exceeds: 4, meets: 3 }"
                why = " with the lowest rating of each tier (the ratings include \(distinct.prefix(10).joined(separator: ", ")))"
            } else {
                keys = "labels: { " + MappingDraft.ownLabels(group.values).prefix(6).map { MappingDraft.quoted($0) + ": TIER" }.joined(separator: ", ") + " }"
                why = ", each TIER exceeds, meets or needs_improvement"
            }
        default:
            return nil
        }
        guard let keys else { return nil }
        let line = keys.isEmpty
            ? "\(name): \(MappingDraft.quoted(header))"
            : "\(name): { header: \(MappingDraft.quoted(header)), \(keys) }"
        if let place = mapping?.place(of: name, in: table) {
            let verb = mapping?.tables[table]?.columns[name] == nil ? "add" : "make it"
            return "\(verb) `\(line)` (\(place))\(why)"
        }
        if mapping != nil { return "add `\(line)` under tables.\(table.rawValue).columns\(why)" }
        return "read the folder through a mapping with `\(line)` under tables.\(table.rawValue).columns\(why) (coachlab mapping init drafts one)"
    }
}
