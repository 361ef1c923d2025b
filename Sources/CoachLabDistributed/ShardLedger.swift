import CoachLabData
import CoachLabSystem

/// The shards a state or a merge holds so far, with where each came from: refuses a shard
/// that would count rows twice (its id, or the same rows under another id) or that was
/// read as another export's (another layout of its table).
struct ShardLedger {
    private struct Place {
        var id: String
        var source: String
    }

    private struct Rows: Hashable {
        var table: DatasetTable
        var rows: Int
        var fingerprint: UInt64
    }

    private var byID: [String: Place] = [:]
    private var byRows: [Rows: Place] = [:]
    private var layouts: [DatasetTable: (layout: UInt64, place: Place)] = [:]

    /// Notes `shard`, from `source` (empty: the document being read).
    /// - Returns: why it cannot join the shards noted already, or nil (and it is noted).
    /// - Complexity: O(1).
    mutating func add(_ shard: ShardRecord, from source: String) -> String? {
        let here = Place(id: shard.id, source: source)
        let name = "shard '\(DisplayText.escaped(shard.id, limit: 80))'"
        func described(_ place: Place) -> String {
            "shard '\(DisplayText.escaped(place.id, limit: 80))'" + (place.source.isEmpty ? "" : " of \(place.source)")
        }
        if let known = layouts[shard.table], known.layout != shard.layout {
            return "\(name) was read with other columns, delimiter or mapping than \(described(known.place)) (\(shard.table.fileName) layout \(shard.layout.hexDigits), not \(known.layout.hexDigits)): a shard of another export does not merge"
        }
        if !shard.isEmpty {
            if let known = byID[shard.id] {
                return source.isEmpty
                    ? "\(name) appears twice: its rows would count twice"
                    : "\(name) is already in \(known.source): a shard merged twice would count its rows twice"
            }
            let rows = Rows(table: shard.table, rows: shard.rows, fingerprint: shard.fingerprint)
            if let known = byRows[rows] {
                return "\(name) holds the same \(shard.rows) row(s) of \(shard.table.fileName) as \(described(known)) (fingerprint \(shard.fingerprint.hexDigits)): the same rows merged twice would count twice"
            }
            byID[shard.id] = here
            byRows[rows] = here
        }
        if layouts[shard.table] == nil { layouts[shard.table] = (shard.layout, here) }
        return nil
    }
}
