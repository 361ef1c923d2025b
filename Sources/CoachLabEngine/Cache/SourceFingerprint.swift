#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What identifies a version of a source file without reading all of it: its size, its
/// modification time to the nanosecond, and a checksum of 4 KiB samples (the first, the
/// last and fifteen spread between). A changed file changes one of the three.
struct SourceFingerprint: Equatable {
    var text: String

    init?(path: String) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
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
        let modified = (Int(status.st_mtimespec.tv_sec), Int(status.st_mtimespec.tv_nsec))
        #else
        let modified = (Int(status.st_mtim.tv_sec), Int(status.st_mtim.tv_nsec))
        #endif
        text = "\(size) \(modified.0).\(modified.1) \(String(checksum.value, radix: 16))"
    }
}
