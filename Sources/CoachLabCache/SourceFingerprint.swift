#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabData
import CoachLabSystem

/// What identifies a version of a source file without reading all of it: its size, its
/// modification time to the nanosecond, its inode's change time and number, and a checksum
/// of 4 KiB samples (the first, the last and fifteen spread between). The change time is
/// the one a program cannot set back: a file edited in place between the samples and its
/// modification time restored (`touch -r`, `cp -p` of another version of the same size)
/// still looks changed.
struct SourceFingerprint: Equatable {
    /// Size, modification time, change time, inode number and sample checksum, apart by spaces.
    var text: String

    /// How many space-separated fields ``text`` has (a cache's identity is read back by them).
    static let fieldCount = 5

    init?(path: String) {
        guard case .success(let descriptor) = RegularFile.open(path) else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        var checksum = Checksum()
        var block = [UInt8](repeating: 0, count: 4096)
        let samples = size <= 17 * 4096 ? [0] : (0...16).map { (size - 4096) * $0 / 16 }
        for start in samples {
            let wanted = size <= 17 * 4096 ? size : 4096
            var filled = 0
            var chunk = [UInt8](repeating: 0, count: max(wanted, 1))
            while filled < wanted {
                let got = chunk.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress! + filled, wanted - filled, off_t(start + filled)) }
                if got <= 0 { break }
                filled += got
            }
            for offset in stride(from: 0, to: filled, by: 4096) {
                let length = min(4096, filled - offset)
                for index in 0..<4096 { block[index] = index < length ? chunk[offset + index] : 0 }
                block.withUnsafeBytes { checksum.add($0) }
            }
        }
        #if canImport(Darwin)
        let (modified, changed) = (status.st_mtimespec, status.st_ctimespec)
        #else
        let (modified, changed) = (status.st_mtim, status.st_ctim)
        #endif
        text = "\(size) \(modified.tv_sec).\(modified.tv_nsec) \(changed.tv_sec).\(changed.tv_nsec) \(status.st_ino)"
            + " \(String(checksum.value, radix: 16))"
    }
}
