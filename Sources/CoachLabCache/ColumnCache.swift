import CoachLabData
import CoachLabSystem

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The typed columns of a checked dataset, saved in a binary columnar file and mapped back
/// on the next run instead of parsing the CSVs again. This module keeps the files (format,
/// identity, checksum, pruning); ingestion decides what goes in them and reads them back
/// (`ColumnCache+LoadedDataset.swift`).
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
/// columns (ingestion's `LoadedDataset+Narrowed.swift`), rather than read the files again.
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

    /// What sets one cache of a dataset apart from its others, and the files it is checked
    /// against. Ingestion builds it from the columns a load reads and the mapping of an export.
    package struct Key: Sendable {
        /// The columns, whether bad rows are left out, the text of a mapping: lines that
        /// name the cache file and go into its identity.
        package var variant: String
        /// The file of each table in the dataset folder, in ``DatasetTable/allCases`` order.
        package var sourceFiles: [String]

        package init(variant: String, sourceFiles: [String]) {
            self.variant = variant
            self.sourceFiles = sourceFiles
        }
    }

    /// The value `decode` reads from the cache of `key` for `folder`, if a valid one exists.
    package func load<Value>(folder: String, key: Key, decode: (inout CacheReader) throws -> Value) -> (Value?, Lookup) {
        guard let path = cachePath(in: cacheDirectory(of: folder).path, key: key, creating: false) else { return (nil, .missing) }
        guard case .success(let descriptor) = RegularFile.open(path) else { return (nil, .missing) }
        defer { close(descriptor) }
        // The source files are fingerprinted only once there is a cache to hold them against
        // (a cold run looks for two).
        guard let identity = identity(folder: folder, key: key) else { return (nil, .missing) }
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
            return (try decode(&reader), .hit)
        } catch let rejection as Rejection {
            return (nil, .rejected(rejection.reason))
        } catch {
            return (nil, .rejected("corrupt"))
        }
    }

    /// Saves what `encode` writes as the cache of `key` for `folder`, under `identity`
    /// (``identity(folder:key:)``, taken before the source files were read); false if it
    /// could not be written.
    @discardableResult
    package func store(folder: String, key: Key, identity: String, encode: (inout CacheWriter) -> Void) -> Bool {
        let directory = cacheDirectory(of: folder)
        guard let path = cachePath(in: directory.path, key: key, creating: true) else { return false }
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
        encode(&writer)
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

    /// What the cache must match: the format, its ``Key/variant``, and every source file's
    /// fingerprint, a line per table last (which pruning reads back); nil when a source file
    /// cannot be fingerprinted.
    package func identity(folder: String, key: Key) -> String? {
        sources(folder: folder, key: key).map { Self.identity(key: key, sources: $0) }
    }

    /// The fingerprint line of each of `key`'s source files in `folder`; nil when one cannot
    /// be fingerprinted.
    package func sources(folder: String, key: Key) -> [String]? {
        var lines: [String] = []
        for name in key.sourceFiles {
            let path = folder + "/" + name
            if access(path, F_OK) != 0 {
                lines.append("\(name) absent")
                continue
            }
            guard let fingerprint = SourceFingerprint(path: path) else { return nil }
            lines.append("\(name) \(fingerprint.text)")
        }
        return lines
    }

    /// The identity of `key`'s cache for source files whose fingerprint lines are `sources`
    /// (``sources(folder:key:)``): several caches of the same files can share one look at them.
    package static func identity(key: Key, sources: [String]) -> String {
        (["format \(formatVersion)", key.variant] + sources).joined(separator: "\n")
    }

    /// The cache file of `key` for `folder`; nil when its folder cannot be made.
    package func cachePath(folder: String, key: Key, creating: Bool) -> String? {
        cachePath(in: cacheDirectory(of: folder).path, key: key, creating: creating)
    }

    /// The cache file of `key` in `directory`, a dataset's folder of caches.
    private func cachePath(in directory: String, key: Key, creating: Bool) -> String? {
        if creating && Directories.make(directory) != nil { return nil }
        return directory + "/columns-" + Self.name(of: key.variant) + ".cache"
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
