#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Input files are read only when they are regular files: opening a FIFO without a writer
/// blocks forever, and a device (`/dev/zero`, `/dev/urandom`) never ends.
package enum RegularFile {
    /// Why `path` cannot be read as an input — "it is a FIFO (named pipe), not a regular
    /// file" — or nil when it is a regular file or does not exist (opening it says so).
    /// Symbolic links are followed; nothing is opened, so a FIFO cannot block.
    package static func refusal(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return refusal(mode: status.st_mode)
    }

    /// Opens `path` for reading, refusing anything but a regular file without blocking.
    /// - Returns: the descriptor, or why it could not be opened (the system's words, or
    ///   ``refusal(_:)``'s).
    package static func open(_ path: String) -> Result<Int32, Failure> {
        let descriptor = systemOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(Failure(reason: String(cString: strerror(errno)))) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            return .failure(Failure(reason: reason))
        }
        if let refusal = refusal(mode: status.st_mode) {
            close(descriptor)
            return .failure(Failure(reason: refusal))
        }
        return .success(descriptor)
    }

    /// Why a file could not be opened, in words for the user.
    package struct Failure: Error, Sendable {
        package var reason: String
    }

    private static func refusal(mode: mode_t) -> String? {
        let kind: String
        switch mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFIFO: kind = "a FIFO (named pipe)"
        case S_IFCHR: kind = "a character device"
        case S_IFBLK: kind = "a block device"
        case S_IFSOCK: kind = "a socket"
        case S_IFDIR: kind = "a folder"
        default: kind = "a special file"
        }
        return "it is \(kind), not a regular file"
    }
}

/// The system's `open`, which ``RegularFile/open(_:)`` hides inside the type.
private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
