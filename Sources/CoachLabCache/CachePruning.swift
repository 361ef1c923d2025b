import CoachLabData
import CoachLabSystem

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
///
/// In a folder of many datasets' caches (`--cache-dir`, or the user's cache directory for
/// datasets in read-only folders), each dataset's folder of caches names its dataset; a run
/// that writes a cache there also removes the caches of datasets whose folders are gone
/// (synthetic orgs generated into temporary folders, exports deleted after a study).
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
                let cache = String(entry[..<entry.firstRange(of: WholeFileWrites.marker)!.lowerBound])
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
        guard case .success(let descriptor) = RegularFile.open(path) else { return nil }
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

extension ColumnCache {
    /// The file in a dataset's folder of caches, in a shared root, that names the dataset.
    static let datasetRecordName = "dataset"
    /// Its first line: only a file that begins so is read as a dataset's name (a `--cache-dir`
    /// may hold other things).
    static let datasetRecordHeader = "CoachLab caches of the dataset folder\n"

    /// Names `datasetFolder` (a real path) in `directory`, its folder of caches, unless it
    /// already is: written whole, as cache files are.
    static func recordDataset(_ datasetFolder: String, in directory: String) {
        guard recordedDataset(in: directory) != datasetFolder else { return }
        let text = Array((datasetRecordHeader + datasetFolder + "\n").utf8)
        try? WholeFileWrites.write(to: directory + "/" + datasetRecordName) { output in text.withUnsafeBytes(output) }
    }

    /// The dataset folder `directory` (a dataset's folder of caches) names; nil without a record.
    static func recordedDataset(in directory: String) -> String? {
        guard let text = TextFile.contents(of: directory + "/" + datasetRecordName, limit: 1 << 16),
              text.hasPrefix(datasetRecordHeader), text.hasSuffix("\n"), text.count > datasetRecordHeader.count + 1
        else { return nil }
        return String(text.dropFirst(datasetRecordHeader.count).dropLast())
    }

    /// Removes, from the folders of caches in `root` other than `kept`, those whose record
    /// names a dataset folder that no longer exists: their cache files, killed runs'
    /// temporaries and the record, then the folder if nothing else is in it. A folder without
    /// a record (another program's, or written before records were) is left alone.
    static func pruneVanishedDatasets(in root: String, keeping kept: String) {
        for entry in DirectoryEntries.names(in: root) ?? [] where root + "/" + entry != kept {
            let directory = root + "/" + entry
            guard let dataset = recordedDataset(in: directory) else { continue }
            var status = stat()
            // Only a folder that is certainly gone: a permission error says nothing.
            guard stat(dataset, &status) != 0 && (errno == ENOENT || errno == ENOTDIR) else { continue }
            for name in DirectoryEntries.names(in: directory, prefix: "columns-") ?? [] { unlink(directory + "/" + name) }
            WholeFileWrites.removeAbandonedTemporaries(of: directory + "/" + datasetRecordName)
            unlink(directory + "/" + datasetRecordName)
            rmdir(directory)
        }
    }
}
