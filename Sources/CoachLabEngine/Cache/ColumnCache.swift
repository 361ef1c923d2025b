import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The typed columns of a checked dataset, saved in a binary columnar file and mapped back
/// on the next run instead of parsing the CSVs again.
///
/// A cache file names the exact source files it came from (size, modification time and a
/// sampled content checksum of each), the columns it holds and the format version; its
/// body carries a checksum. A cache that is stale, truncated, corrupt or from another
/// version is never trusted: the dataset is read from CSV and the cache rewritten. Files
/// are written under a temporary name and renamed into place, so a run never sees half of
/// one, even with another run writing at the same time; what a run killed while writing
/// left behind is deleted by the next run that writes a cache of the dataset, with any cache
/// of it that an edit of a source file made stale (see `CachePruning.swift`). A strict run
/// with no cache of its own columns answers from the cache of every column, narrowed to its
/// columns (`LoadedDataset+Narrowed.swift`), rather than read the files again.
public struct ColumnCache: Sendable {
    /// Where cache files live.
    public enum Location: Sendable, Equatable {
        /// `.coachlab-cache/` inside the dataset folder when that is writable, else the
        /// user's cache directory (`$XDG_CACHE_HOME/coachlab` or `~/.cache/coachlab`).
        case automatic
        /// This folder.
        case folder(String)
    }

    static let magic = Array("COACHLAB-CACHE".utf8) + [0, 0]

    static let formatVersion = 8

    public var location: Location

    /// Threads that check and copy a cache file's columns.
    public var threads = AvailableCores.count

    public init(location: Location = .automatic) { self.location = location }

    /// What happened when a cache was looked for.
    public enum Lookup: Sendable, Equatable {
        case hit
        /// No cache of these columns, but one of every column (written by `validate`),
        /// narrowed to them.
        case hitInAllColumns
        case missing
        /// There was a cache file, but it could not be used (stale, corrupt, truncated).
        case rejected(String)
    }

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
        guard let path = cachePath(folder: folder, selection: selection, mapping: mapping, skippingBadRows: skippingBadRows, creating: false)
        else { return (nil, .missing) }
        guard case .success(let descriptor) = RegularFile.open(path) else { return (nil, .missing) }
        defer { close(descriptor) }
        // The source files are fingerprinted only once there is a cache to hold them against
        // (a cold run looks for two).
        guard let identity = identity(folder: folder, selection: selection, mapping: mapping, skippingBadRows: skippingBadRows)
        else { return (nil, .missing) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 64 else { return (nil, .rejected("truncated")) }
        let size = Int(status.st_size)
        guard let mapping = CacheMapping(descriptor: descriptor, size: size) else {
            return (nil, .rejected("cannot be mapped"))
        }
        do {
            let (body, checksum) = try Self.body(mapping.bytes, identity: identity)
            // Nothing is decoded from a body that is not exactly what was written.
            // The checksum reads every page of the body first: its threads map them in as they go.
            guard Checksum.of(body, threads: threads, prepare: CacheMapping.prefault) == checksum else {
                return (nil, .rejected("corrupt: checksum mismatch"))
            }
            var reader = CacheReader(body: body, in: mapping, threads: threads)
            let loaded = try DatasetCodec.decode(&reader, source: folder)
            return (loaded, .hit)
        } catch let rejection as Rejection {
            return (nil, .rejected(rejection.reason))
        } catch {
            return (nil, .rejected("corrupt"))
        }
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
        let directory = cacheDirectory(of: folder)
        guard let path = cachePath(in: directory.path, selection: selection, mapping: mapping, skippingBadRows: skippingBadRows, creating: true)
        else { return false }
        WholeFileWrites.removeAbandonedTemporaries(of: path)
        let temporary = WholeFileWrites.temporaryPath(for: path, suffix: "-\(UInt32.random(in: 0...UInt32.max))")
        guard var writer = CacheWriter(path: temporary) else { return false }
        let identityBytes = Array(identity.utf8)
        // Header: magic, version, identity length, body length and checksum (patched below).
        var header = Self.magic
        header += Self.bytes(Self.formatVersion) + Self.bytes(identityBytes.count)
        let bodyStart = Self.paddedLength(header.count + 16 + identityBytes.count)
        writer.raw(header + [UInt8](repeating: 0, count: 16) + identityBytes
                   + [UInt8](repeating: 0, count: bodyStart - header.count - 16 - identityBytes.count))
        DatasetCodec.encode(loaded, to: &writer)
        writer.flush()  // the checksum and length cover every byte of the body
        let checksum = writer.checksum
        guard writer.close() else {
            unlink(temporary)
            return false
        }
        // Patch the body length and checksum into the header.
        guard let file = fopen(temporary, "r+b"), fseek(file, header.count, SEEK_SET) == 0 else {
            unlink(temporary)
            return false
        }
        let trailer = Self.bytes(checksum.length) + Self.bytes(Int(bitPattern: UInt(checksum.value)))
        let written = fwrite(trailer, 1, trailer.count, file)
        let closed = fclose(file)
        guard written == trailer.count, closed == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        Self.pruneSiblings(of: path, identity: identity)
        if let root = directory.sharedRoot {
            Self.recordDataset(realPath(folder), in: directory.path)
            Self.pruneVanishedDatasets(in: root, keeping: directory.path)
        }
        return true
    }

    // MARK: Format

    struct Rejection: Error { var reason: String }

    /// The body of a cache file and the checksum it must have (checked before anything is
    /// decoded).
    static func body(_ bytes: UnsafeRawBufferPointer, identity: String) throws -> (UnsafeRawBufferPointer, UInt64) {
        guard bytes.starts(with: magic) else { throw Rejection(reason: "not a CoachLab cache") }
        var offset = magic.count
        func integer() throws -> Int {
            guard offset + 8 <= bytes.count else { throw Rejection(reason: "truncated") }
            defer { offset += 8 }
            return Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        }
        guard try integer() == formatVersion else { throw Rejection(reason: "from another version of CoachLab") }
        let identityLength = try integer()
        let bodyLength = try integer()
        let checksum = UInt64(UInt(bitPattern: try integer()))
        guard identityLength >= 0, offset + identityLength <= bytes.count else { throw Rejection(reason: "truncated") }
        let stored = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + identityLength)]), as: UTF8.self)
        guard stored == identity else { throw Rejection(reason: "stale: the source files changed") }
        let bodyStart = paddedLength(offset + identityLength)
        // The padding before the body is zeros: any other byte there is damage too.
        guard bodyStart <= bytes.count, !bytes[(offset + identityLength)..<bodyStart].contains(where: { $0 != 0 }) else {
            throw Rejection(reason: "corrupt: header padding")
        }
        guard bodyLength >= 0, bodyLength % 32 == 0, bodyStart + bodyLength == bytes.count else {
            throw Rejection(reason: "truncated")
        }
        return (UnsafeRawBufferPointer(rebasing: bytes[bodyStart..<(bodyStart + bodyLength)]), checksum)
    }

    /// What sets one cache of a folder apart from its others: the columns, whether bad rows
    /// are left out (a strict load of the same files must still stop at them), and the text
    /// of the mapping the export is read through; nil for a mapping built in code, which is
    /// never cached.
    private func variant(selection: ColumnSelection, mapping: DatasetMapping?, skippingBadRows: Bool) -> String? {
        var lines = ["selection \(selection.key)"]
        if skippingBadRows { lines.append("rows with problems left out") }
        if let mapping {
            guard let text = mapping.identity else { return nil }
            lines.append("mapping \(text.utf8.count) bytes")
            lines.append(text)
        }
        return lines.joined(separator: "\n")
    }

    /// What the cache must match: the format, its ``variant``, and every source file's
    /// fingerprint, a line per table last (which pruning reads back).
    func identity(folder: String, selection: ColumnSelection, mapping: DatasetMapping? = nil, skippingBadRows: Bool = false) -> String? {
        guard let variant = variant(selection: selection, mapping: mapping, skippingBadRows: skippingBadRows) else { return nil }
        var lines = ["format \(Self.formatVersion)", variant]
        for table in DatasetTable.allCases {
            let name = mapping?.fileName(of: table) ?? table.fileName
            let path = folder + "/" + name
            if access(path, F_OK) != 0 {
                lines.append("\(name) absent")
                continue
            }
            guard let fingerprint = SourceFingerprint(path: path) else { return nil }
            lines.append("\(name) \(fingerprint.text)")
        }
        return lines.joined(separator: "\n")
    }

    func cachePath(
        folder: String, selection: ColumnSelection, mapping: DatasetMapping? = nil, skippingBadRows: Bool = false, creating: Bool
    ) -> String? {
        cachePath(in: cacheDirectory(of: folder).path, selection: selection, mapping: mapping, skippingBadRows: skippingBadRows, creating: creating)
    }

    /// The cache file of a selection in `directory`, a dataset's folder of caches.
    private func cachePath(
        in directory: String, selection: ColumnSelection, mapping: DatasetMapping?, skippingBadRows: Bool, creating: Bool
    ) -> String? {
        guard let variant = variant(selection: selection, mapping: mapping, skippingBadRows: skippingBadRows) else { return nil }
        if creating && Directories.make(directory) != nil { return nil }
        return directory + "/columns-" + Self.name(of: variant) + ".cache"
    }

    /// The folder of `folder`'s caches, and the folder of many datasets' caches it is in
    /// (`--cache-dir`, or the user's cache directory), if it is.
    func cacheDirectory(of folder: String) -> (path: String, sharedRoot: String?) {
        switch location {
        case .folder(let root):
            return (root + "/" + Self.name(of: realPath(folder)), root)
        case .automatic:
            if access(folder, W_OK) == 0 { return (folder + "/.coachlab-cache", nil) }
            let base = getenv("XDG_CACHE_HOME").map { String(cString: $0) }
                ?? (getenv("HOME").map { String(cString: $0) + "/.cache" } ?? "/tmp")
            let root = base + "/coachlab"
            return (root + "/" + Self.name(of: realPath(folder)), root)
        }
    }

    private func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A file name for `text`: its 64-bit FNV-1a hash, which never changes with the body's
    /// checksum (a new checksum must not move every cache to a new path).
    static func name(of text: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return String(hash, radix: 16)
    }

    static func bytes(_ value: Int) -> [UInt8] { withUnsafeBytes(of: Int64(value).littleEndian) { Array($0) } }

    static func paddedLength(_ length: Int) -> Int { (length + 31) / 32 * 32 }
}
