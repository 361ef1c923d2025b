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

    /// Maps `size` bytes of `descriptor`, every page at once where the system allows (the
    /// whole file is read anyway, for its checksum); nil when it cannot be mapped.
    init?(descriptor: Int32, size: Int) {
        #if canImport(Glibc)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        guard size > 0, let base = mmap(nil, size, PROT_READ, flags, descriptor, 0), base != MAP_FAILED else { return nil }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: bytes.baseAddress), bytes.count)
    }
}
