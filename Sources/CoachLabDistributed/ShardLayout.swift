import CoachLabSystem
import CoachLabData

/// What fixes how a shard's lines were read: its table, its column names in order, the
/// byte between fields and the mapping file (its text). Every shard of one export shares
/// it, so two shards of a table with different layouts are of different exports (or were
/// read differently), and do not merge.
enum ShardLayout {
    /// SipHash of the layout's parts, each length-prefixed.
    /// - Parameters:
    ///   - header: the column names as the shard was read with them (trimmed, lowercased).
    ///   - mapping: the text of the mapping file, or nil when none was given.
    static func hash(table: DatasetTable, header: [String], delimiter: UInt8, mapping: String?) -> UInt64 {
        var bytes: [UInt8] = []
        func add(_ text: String) {
            withUnsafeBytes(of: UInt64(text.utf8.count).littleEndian) { bytes += $0 }
            bytes += text.utf8
        }
        add(table.rawValue)
        bytes.append(delimiter)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { bytes += $0 }
        header.forEach(add)
        if let mapping { add(mapping) } else { bytes.append(0) }
        return SipHash.hash(bytes)
    }
}
