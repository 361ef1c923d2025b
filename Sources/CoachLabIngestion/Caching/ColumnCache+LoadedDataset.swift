import CoachLabCache
import CoachLabData

/// A loaded dataset in the column cache: which cache a load of some columns, rows and
/// mapping reads, and the dataset and its report encoded in it (``DatasetCodec``).
extension ColumnCache {
    /// The cached dataset for `folder` and `selection`, if a valid cache exists: the cache of
    /// exactly these columns, else, for a strict load, the cache of every column narrowed to
    /// them (so that `validate` then `run` reads the CSV files once).
    /// An export read through `mapping` has caches of its own, keyed on the mapping's text
    /// and the export's files; a mapping without an ``DatasetMapping/identity`` (built in
    /// code) is never cached.
    public func load(
        folder: String, selection: ColumnSelection, mapping: DatasetMapping? = nil, skippingBadRows: Bool = false
    ) -> (LoadedDataset?, Lookup) {
        let (loaded, lookup) = loadExactly(folder: folder, selection: selection, mapping: mapping, skippingBadRows: skippingBadRows)
        if loaded != nil || skippingBadRows || selection.key == ColumnSelection.all.key { return (loaded, lookup) }
        // A load that leaves bad rows out keeps different rows for different columns: only
        // a strict one can be narrowed.
        guard let all = loadExactly(folder: folder, selection: .all, mapping: mapping, skippingBadRows: false).0 else {
            return (nil, lookup)
        }
        return (all.narrowed(to: selection, mapping: mapping), .hitInAllColumns)
    }

    private func loadExactly(
        folder: String, selection: ColumnSelection, mapping: DatasetMapping?, skippingBadRows: Bool
    ) -> (LoadedDataset?, Lookup) {
        guard let key = Self.key(selection: selection, mapping: mapping, skippingBadRows: skippingBadRows) else {
            return (nil, .missing)
        }
        return load(folder: folder, key: key) { reader in try DatasetCodec.decode(&reader, source: folder) }
    }

    /// Saves `loaded` for `folder` and `selection`; false if it could not be written. The
    /// source files' fingerprints are taken now, so `loaded` must be what they hold now:
    /// ``DatasetLoader`` takes them before it reads instead, which no edit during a long
    /// read can fool.
    @discardableResult
    public func store(
        _ loaded: LoadedDataset, folder: String, selection: ColumnSelection, mapping: DatasetMapping? = nil,
        skippingBadRows: Bool = false
    ) -> Bool {
        guard let identity = identity(folder: folder, selection: selection, mapping: mapping, skippingBadRows: skippingBadRows)
        else { return false }
        return store(loaded, folder: folder, selection: selection, mapping: mapping, skippingBadRows: skippingBadRows, identity: identity)
    }

    /// Saves `loaded` under `identity`, taken (``identity(folder:selection:mapping:skippingBadRows:)``)
    /// before its source files were read.
    @discardableResult
    func store(
        _ loaded: LoadedDataset, folder: String, selection: ColumnSelection, mapping: DatasetMapping?,
        skippingBadRows: Bool, identity: String
    ) -> Bool {
        guard let key = Self.key(selection: selection, mapping: mapping, skippingBadRows: skippingBadRows) else { return false }
        return store(folder: folder, key: key, identity: identity) { writer in DatasetCodec.encode(loaded, to: &writer) }
    }

    /// What the cache must match (``ColumnCache/identity(folder:key:)``); nil for a mapping
    /// built in code, which is never cached.
    func identity(folder: String, selection: ColumnSelection, mapping: DatasetMapping? = nil, skippingBadRows: Bool = false) -> String? {
        guard let key = Self.key(selection: selection, mapping: mapping, skippingBadRows: skippingBadRows) else { return nil }
        return identity(folder: folder, key: key)
    }

    func cachePath(
        folder: String, selection: ColumnSelection, mapping: DatasetMapping? = nil, skippingBadRows: Bool = false, creating: Bool
    ) -> String? {
        guard let key = Self.key(selection: selection, mapping: mapping, skippingBadRows: skippingBadRows) else { return nil }
        return cachePath(folder: folder, key: key, creating: creating)
    }

    /// What sets one cache of a folder apart from its others: the columns, whether bad rows
    /// are left out (a strict load of the same files must still stop at them), and the text
    /// of the mapping the export is read through; nil for a mapping built in code, which is
    /// never cached.
    package static func key(selection: ColumnSelection, mapping: DatasetMapping?, skippingBadRows: Bool) -> Key? {
        var lines = ["selection \(selection.key)"]
        if skippingBadRows { lines.append("rows with problems left out") }
        if let mapping {
            guard let text = mapping.identity else { return nil }
            lines.append("mapping \(text.utf8.count) bytes")
            lines.append(text)
        }
        let files = DatasetTable.allCases.map { mapping?.fileName(of: $0) ?? $0.fileName }
        return Key(variant: lines.joined(separator: "\n"), sourceFiles: files)
    }
}
