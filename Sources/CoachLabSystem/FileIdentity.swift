#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What makes two paths the same file: its device and inode, whatever the spelling, links
/// or symbolic links lead to it. An output whose path is an input's would replace it.
package struct FileIdentity: Sendable, Hashable {
    package var device: UInt64
    package var inode: UInt64

    /// The identity of the file `path` names (symbolic links followed); nil when there is none.
    package init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }

    /// The first of `inputs` that is the same file as `output`, if any.
    package static func input(among inputs: [String], sameAs output: String) -> String? {
        guard let identity = FileIdentity(path: output) else { return nil }
        return inputs.first { FileIdentity(path: $0) == identity }
    }
}
