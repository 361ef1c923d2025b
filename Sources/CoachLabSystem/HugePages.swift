#if canImport(Glibc)
import Glibc
#endif

/// Asks the kernel to back a large, freshly allocated column with 2 MiB pages, so that
/// filling it costs a page fault per 2 MiB instead of per 4 KiB (tens of thousands fewer
/// for a column of millions of rows). Only whole 2 MiB stretches inside the buffer are
/// advised; the advice is a hint, harmless where unsupported.
@usableFromInline package enum HugePages {
    package static let size = 2 << 20

    @usableFromInline package static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if canImport(Glibc)
        guard byteCount >= 2 * size else { return }
        MemoryPages.advise(start, byteCount: byteCount, pageSize: size, MADV_HUGEPAGE)
        #endif
    }
}

/// Advice to the kernel about the whole pages inside a stretch of memory.
package enum MemoryPages {
    /// Returns the whole pages inside `start..<start + byteCount` to the system (they read
    /// as zero if written again): room an array was given but does not use.
    package static func release(_ start: UnsafeMutableRawPointer, byteCount: Int) {
        #if canImport(Glibc)
        advise(start, byteCount: byteCount, pageSize: Int(sysconf(Int32(_SC_PAGESIZE))), MADV_DONTNEED)
        #endif
    }

    #if canImport(Glibc)
    /// `madvise(advice)` on the pages of `pageSize` that lie wholly inside the stretch.
    static func advise(_ start: UnsafeMutableRawPointer, byteCount: Int, pageSize: Int, _ advice: Int32) {
        let address = Int(bitPattern: start)
        let first = (address + pageSize - 1) / pageSize * pageSize
        let last = (address + byteCount) / pageSize * pageSize
        guard last > first, let aligned = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(aligned, last - first, advice)
    }
    #endif
}
