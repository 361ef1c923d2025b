#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large, freshly allocated column with 2 MiB pages, so that
/// filling it costs a page fault per 2 MiB instead of per 4 KiB (tens of thousands fewer
/// for a column of millions of rows). Only whole 2 MiB stretches inside the buffer are
/// advised; the advice is a hint, harmless where unsupported.
public enum HugePages {
    public static let size = 2 << 20

    public static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if canImport(Glibc)
        guard byteCount >= 2 * size else { return }
        let address = Int(bitPattern: start)
        let first = (address + size - 1) / size * size
        let last = (address + byteCount) / size * size
        guard last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, last - first, MADV_HUGEPAGE)
        #endif
    }
}
