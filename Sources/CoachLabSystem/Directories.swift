#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Folders made as `mkdir -p` makes them, for the cache and the generator alike.
package enum Directories {
    /// Makes `path` and any parents it lacks. Returns nil when `path` is a folder at the
    /// end, else the system's error code (`errno`) of the first step that failed — a file
    /// where a folder should be gives `ENOTDIR` — for a message that says why.
    package static func make(_ path: String) -> Int32? {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o755) != 0 && errno != EEXIST { return errno }
        }
        var status = stat()
        guard stat(path, &status) == 0 else { return errno }
        return status.st_mode & S_IFMT == S_IFDIR ? nil : ENOTDIR
    }
}
