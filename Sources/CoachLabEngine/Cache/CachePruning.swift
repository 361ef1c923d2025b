import CoachLabData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Removing cache files that no run can use again.
///
/// A dataset has one cache file per set of columns (and per mapping of an export), and a
/// file is only replaced when a run with the same columns comes back. Once the export is
/// refreshed, the others would stay on disk for good — hundreds of megabytes each for a
/// large org, in the dataset's own folder. So when a run writes a cache, it removes the
/// files beside it that were built from an earlier version of a source file it just read,
/// those of an older cache format, and the temporary files of runs killed while writing.
extension ColumnCache {
    /// Prunes the folder of `written` (a cache just stored with `identity`).
    static func pruneSiblings(of written: String, identity: String) {
        guard let slash = written.lastIndex(of: "/") else { return }
        let directory = String(written[..<slash])
        let name = String(written[written.index(after: slash)...])
        let sources = Self.sourceLines(of: identity)
        for entry in DirectoryEntries.names(in: directory, prefix: "columns-") ?? [] where entry != name {
            let path = directory + "/" + entry
            if entry.contains(WholeFileWrites.marker) {
                let cache = String(entry[..<entry.range(of: WholeFileWrites.marker)!.lowerBound])
                WholeFileWrites.removeAbandonedTemporaries(of: directory + "/" + cache)
            } else if entry.hasSuffix(".cache"), Self.isObsolete(path, currentSources: sources) {
                unlink(path)
            }
        }
    }

    /// Whether the cache at `path` is of an older format, or names a source file that
    /// `currentSources` (this run's lines for the files it read) shows has changed since.
    /// Sources this run did not read (another mapping's files) are not judged.
    static func isObsolete(_ path: String, currentSources: [String: String]) -> Bool {
        guard let (version, identity) = storedIdentity(path) else { return false }
        if version < formatVersion { return true }
        guard version == formatVersion else { return false }
        for (name, line) in sourceLines(of: identity) {
            if let current = currentSources[name], current != line { return true }
        }
        return false
    }

    /// The source lines of an identity (its last lines, one per table, see ``identity``),
    /// by file name.
    static func sourceLines(of identity: String) -> [String: String] {
        let lines = identity.split(separator: "\n", omittingEmptySubsequences: false).suffix(DatasetTable.allCases.count)
        var byName: [String: String] = [:]
        for line in lines {
            // "NAME absent" or "NAME FINGERPRINT"; a name may hold spaces, a fingerprint's fields do not.
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            let nameFields = fields.count - (fields.last == "absent" ? 1 : SourceFingerprint.fieldCount)
            guard nameFields > 0 else { continue }
            byName[fields.prefix(nameFields).joined(separator: " ")] = String(line)
        }
        return byName
    }

    /// The format version and identity in the header of the cache file at `path`; nil when
    /// it is not a CoachLab cache or cannot be read.
    static func storedIdentity(_ path: String) -> (version: Int, identity: String)? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        func bytes(at offset: Int, count: Int) -> [UInt8]? {
            var buffer = [UInt8](repeating: 0, count: count)
            let got = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, off_t(offset)) }
            return got == count ? buffer : nil
        }
        func integer(at offset: Int) -> Int? {
            bytes(at: offset, count: 8).map { Int(Int64(littleEndian: $0.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })) }
        }
        guard bytes(at: 0, count: magic.count) == magic,
              let version = integer(at: magic.count), let length = integer(at: magic.count + 8),
              length >= 0, length < 1 << 24,
              let identity = bytes(at: magic.count + 32, count: length) else { return nil }
        return (version, String(decoding: identity, as: UTF8.self))
    }
}
