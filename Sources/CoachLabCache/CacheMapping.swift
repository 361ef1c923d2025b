#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A cache file mapped read-only, unmapped when the last column reading it is gone.
///
/// Cache files are only ever replaced by renaming a new file over them, never written in
/// place, so the mapped pages stay what was checked for as long as they are mapped.
final class CacheMapping: @unchecked Sendable {
    // Unchecked: the mapping is read-only (PROT_READ) for its whole life and its address
    // and size never change.
    let bytes: UnsafeRawBufferPointer

    /// Maps `size` bytes of `descriptor`; nil when it cannot be mapped. The pages are mapped
    /// in as they are first read, or ahead of that by ``prefault(_:)``.
    init?(descriptor: Int32, size: Int) {
        guard size > 0, let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), base != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// Maps in every page of `region` (part of a mapping) at once, where the system can,
    /// rather than page fault by page fault as it is read. Called by each thread for the
    /// part it is about to read: `MAP_POPULATE` did this for the whole file, but on one
    /// thread, inside `mmap`.
    static func prefault(_ region: UnsafeRawBufferPointer) {
        #if canImport(Glibc)
        guard let start = region.baseAddress, region.count > 0 else { return }
        let page = Int(getpagesize())
        let first = Int(bitPattern: start) & ~(page - 1)
        // MADV_POPULATE_READ (Linux 5.14); an older kernel refuses it, and reading faults
        // the pages in as before.
        _ = madvise(UnsafeMutableRawPointer(bitPattern: first), Int(bitPattern: start) + region.count - first, 22)
        #endif
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
