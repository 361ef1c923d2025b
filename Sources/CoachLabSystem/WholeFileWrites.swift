#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files written whole: under a temporary name beside the file, `<path>.tmp-<process id>…`,
/// renamed over it once complete, so that a reader never sees half of one.
package enum WholeFileWrites {
    package static let marker = ".tmp-"

    /// The temporary name this process writes `path` under; `suffix` sets apart several
    /// writes of one path by this process.
    package static func temporaryPath(for path: String, suffix: String = "") -> String {
        path + marker + "\(getpid())" + suffix
    }

    /// Why a file could not be written: the system's words for the error, such as "No space
    /// left on device".
    package struct Failure: Error, Sendable {
        package var reason: String

        package init(code: Int32) { reason = String(cString: strerror(code)) }
    }

    /// Writes the bytes `produce` hands its output, piece by piece, to `path` (see ``Writer``).
    package static func write(to path: String, _ produce: ((UnsafeRawBufferPointer) -> Void) -> Void) throws(Failure) {
        let writer = try Writer(path: path)
        produce { writer.write($0) }
        try writer.commit()
    }

    /// A file being written whole: under the temporary name, renamed over `path` by
    /// ``commit()`` once every byte is written and the file closed. On any failure, or
    /// ``abandon()``, or a writer let go before either, the temporary file is removed and
    /// `path` is as it was. A path that exists as anything but a regular file (a symbolic
    /// link such as `/dev/stdout`, a device, a named pipe) is written directly, through it:
    /// renaming over it would replace the link, device or pipe itself.
    package final class Writer {
        package let path: String
        private let file: UnsafeMutablePointer<FILE>
        private let temporary: String
        private let direct: Bool
        /// The first write's error (a full disk), reported by ``commit()``.
        private var failure: Int32?
        private var finished = false

        package init(path: String) throws(Failure) {
            var status = stat()
            direct = lstat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG
            if !direct { removeAbandonedTemporaries(of: path) }
            temporary = direct ? path : temporaryPath(for: path)
            guard let file = fopen(temporary, "wb") else { throw Failure(code: errno) }
            self.path = path
            self.file = file
        }

        /// Adds `piece`; a failure is kept for ``commit()``.
        package func write(_ piece: UnsafeRawBufferPointer) {
            guard failure == nil, !piece.isEmpty else { return }
            if fwrite(piece.baseAddress, 1, piece.count, file) != piece.count { failure = errno }
        }

        /// Closes the file and puts it in place, or throws the first failure with nothing left.
        package func commit() throws(Failure) {
            precondition(!finished, "a file is committed or abandoned once")
            finished = true
            if fclose(file) != 0 && failure == nil { failure = errno }
            if failure == nil && !direct && rename(temporary, path) != 0 { failure = errno }
            if let failure {
                if !direct { unlink(temporary) }
                throw Failure(code: failure)
            }
        }

        /// Closes the file and removes the temporary (something else failed); nothing once
        /// committed.
        package func abandon() {
            guard !finished else { return }
            finished = true
            fclose(file)
            if !direct { unlink(temporary) }
        }

        deinit { abandon() }
    }

    /// Deletes the temporary files of `path` left by processes killed while writing it (a
    /// column cache can be hundreds of megabytes, and nothing else would ever remove them):
    /// those whose process no longer exists. A file of a live process, this one or another
    /// writing the same path at the same time, is left alone.
    package static func removeAbandonedTemporaries(of path: String) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]) } ?? "."
        let prefix = (slash.map { path[path.index(after: $0)...] } ?? path[...]) + marker
        for name in DirectoryEntries.names(in: directory, prefix: String(prefix)) ?? [] {
            let owner = name.dropFirst(prefix.count).prefix { $0 != "-" }
            guard let process = pid_t(owner), process > 0, process != getpid() else { continue }
            if kill(process, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }
}
