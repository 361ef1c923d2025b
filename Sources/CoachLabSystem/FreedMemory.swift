#if canImport(Glibc)
import Glibc
#endif

/// Memory the process has freed, handed back to the system.
package enum FreedMemory {
    /// Asks glibc's allocator to return the free pages it keeps in its arenas
    /// (`malloc_trim(0)`, looked up at run time: the Glibc module does not declare it); does
    /// nothing elsewhere. For a loop that frees a large working set before building the next.
    package static func returnToSystem() {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        let trim = unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        _ = trim(0)
        #endif
    }
}
