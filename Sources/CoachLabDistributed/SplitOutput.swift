#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// The folder a split writes, made under a hidden temporary name beside its final place and
/// renamed into place only once every part is written: a split that fails leaves nothing,
/// and one that is killed leaves only the hidden folder, never parts that look complete.
final class SplitOutput: Sendable {
    let destination: String
    let temporary: String
    let parts: Int
    /// The files each part may hold, for removal when the split fails.
    private let fileNames: [String]

    /// Checks `destination` (a new or empty folder, not inside `dataset`) and makes the
    /// temporary folder with a folder per part, to hold `fileNames`.
    init(destination: String, dataset: String, parts: Int, fileNames: [String]) throws(SplitError) {
        self.destination = destination
        self.parts = parts
        self.fileNames = fileNames
        var status = stat()
        if stat(destination, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw SplitError("--out \(DisplayText.escaped(destination)) exists and is not a folder: name a new or empty folder")
            }
            guard let names = DirectoryEntries.names(in: destination) else {
                throw SplitError("--out \(DisplayText.escaped(destination)) cannot be listed: \(String(cString: strerror(errno)))")
            }
            if !names.isEmpty {
                throw SplitError("--out \(DisplayText.escaped(destination)) exists and is not empty: name a new or empty folder, so that no part of an earlier split is mixed with this one")
            }
        }
        if let inside = Self.resolved(destination), let data = Self.resolved(dataset), inside == data || inside.hasPrefix(data + "/") {
            throw SplitError("--out \(DisplayText.escaped(destination)) is inside the dataset \(DisplayText.escaped(dataset)): choose a folder outside it")
        }
        let trimmed = destination.count > 1 && destination.hasSuffix("/") ? String(destination.dropLast()) : destination
        let slash = trimmed.lastIndex(of: "/")
        let parent = slash.map { $0 == trimmed.startIndex ? "/" : String(trimmed[..<$0]) } ?? "."
        let base = slash.map { String(trimmed[trimmed.index(after: $0)...]) } ?? trimmed
        if let code = Directories.make(parent) {
            throw SplitError("cannot make \(DisplayText.escaped(parent)): \(String(cString: strerror(code)))")
        }
        // A hidden name beside the destination (so the final rename stays on one file
        // system), made with the permissions of any new folder.
        var attempt = 0
        while true {
            let candidate = parent + "/." + base + ".split-\(getpid())-\(attempt)"
            if mkdir(candidate, 0o777) == 0 {
                temporary = candidate
                break
            }
            guard errno == EEXIST && attempt < 1000 else {
                throw SplitError("cannot make a temporary folder in \(DisplayText.escaped(parent)): \(String(cString: strerror(errno)))")
            }
            attempt += 1
        }
        for part in 0..<parts where mkdir(folder(of: part), 0o777) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw SplitError("cannot make \(DisplayText.escaped(folder(of: part))): \(reason)")
        }
    }

    func folder(of part: Int) -> String { temporary + "/" + RepPartition.folderName(part) }

    /// A writer of `fileName` (one of those given at the start) in every part, each
    /// starting with `header`.
    func writer(fileName: String, header: [UInt8]) -> PartWriter {
        precondition(fileNames.contains(fileName), "a file the output was not made for")
        return PartWriter(paths: (0..<parts).map { folder(of: $0) + "/" + fileName }, header: header)
    }

    /// Puts the parts in place: the empty folder that was there, if any, is replaced.
    func commit() throws(SplitError) {
        var status = stat()
        if stat(destination, &status) == 0 && rmdir(destination) != 0 {
            let reason = String(cString: strerror(errno))
            abandon()
            throw SplitError("cannot replace the empty folder \(DisplayText.escaped(destination)): \(reason)")
        }
        guard rename(temporary, destination) == 0 else {
            let reason = String(cString: strerror(errno))
            abandon()
            throw SplitError("cannot move the parts to \(DisplayText.escaped(destination)): \(reason)")
        }
    }

    /// Removes everything written.
    func abandon() {
        for part in 0..<parts {
            for name in fileNames { unlink(folder(of: part) + "/" + name) }
            rmdir(folder(of: part))
        }
        rmdir(temporary)
    }

    /// `path` made absolute with symbolic links resolved, as far as it exists; the rest of
    /// its components appended as written. Nil when not even `/` resolves.
    private static func resolved(_ path: String) -> String? {
        var existing = path.hasPrefix("/") ? path : "./" + path
        var rest: [Substring] = []
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                let base = String(cString: real)
                let tail = rest.reversed().filter { $0 != "." && !$0.isEmpty }.joined(separator: "/")
                return tail.isEmpty ? base : (base == "/" ? "/" : base + "/") + tail
            }
            guard let slash = existing.lastIndex(of: "/") else { return nil }
            rest.append(existing[existing.index(after: slash)...])
            existing = slash == existing.startIndex ? "/" : String(existing[..<slash])
        }
    }
}

/// One table's file in every part: records appended to a buffer per part, written out as
/// each buffer fills, so memory holds a few megabytes whatever the table's size.
final class PartWriter {
    private let paths: [String]
    /// A buffer per part, each of ``capacity`` bytes, and the bytes in each.
    private let buffers: UnsafeMutablePointer<UInt8>
    private let filled: UnsafeMutableBufferPointer<Int>
    private let capacity: Int
    private(set) var rows: [Int]
    private var created: Set<Int> = []

    init(paths: [String], header: [UInt8]) {
        self.paths = paths
        // About 32 MiB of buffers in all, each between 1 KiB (for tens of thousands of
        // parts) and 1 MiB, and room for the header.
        capacity = min(1 << 20, max(1 << 10, (32 << 20) / max(1, paths.count))) + header.count
        buffers = .allocate(capacity: capacity * paths.count)
        filled = .allocate(capacity: paths.count)
        filled.initialize(repeating: header.count)
        for part in paths.indices { (buffers + part * capacity).initialize(from: header, count: header.count) }
        rows = paths.map { _ in 0 }
    }

    deinit {
        buffers.deallocate()
        filled.deallocate()
    }

    func append(_ record: UnsafeRawBufferPointer, to part: Int) throws(SplitError) {
        rows[part] += 1
        var bytes = record
        while !bytes.isEmpty {
            if filled[part] == capacity { try flush(part) }
            let count = min(bytes.count, capacity - filled[part])
            UnsafeMutableRawPointer(buffers + part * capacity + filled[part]).copyMemory(from: bytes.baseAddress!, byteCount: count)
            filled[part] += count
            bytes = UnsafeRawBufferPointer(rebasing: bytes[count...])
        }
    }

    /// Writes what is left; every part's file exists afterwards (a header alone when it
    /// holds no rows).
    func finish() throws(SplitError) {
        for part in paths.indices where filled[part] > 0 || !created.contains(part) { try flush(part) }
    }

    private func flush(_ part: Int) throws(SplitError) {
        let descriptor = open(paths[part], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw SplitError("cannot write \(DisplayText.escaped(paths[part])): \(String(cString: strerror(errno)))") }
        created.insert(part)
        let start = buffers + part * capacity
        var written = 0
        var failure: Int32?
        while written < filled[part] {
            let count = write(descriptor, start + written, filled[part] - written)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                failure = errno
                break
            }
            written += count
        }
        let closed = close(descriptor) == 0 ? nil : errno
        if let code = failure ?? closed {
            throw SplitError("cannot write \(DisplayText.escaped(paths[part])): \(String(cString: strerror(code)))")
        }
        filled[part] = 0
    }
}
