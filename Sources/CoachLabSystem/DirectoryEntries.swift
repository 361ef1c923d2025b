#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The names in a folder, as the system lists them.
package enum DirectoryEntries {
    /// Every entry of `directory` but `.` and `..` whose name starts with `prefix`; nil
    /// when the folder cannot be listed. A folder of reports can hold thousands of files:
    /// the prefix is compared as bytes before a name is made.
    package static func names(in directory: String, prefix: String = "") -> [String]? {
        guard let listing = opendir(directory.isEmpty ? "/" : directory) else { return nil }
        defer { closedir(listing) }
        let prefixBytes = Array(prefix.utf8)
        var names: [String] = []
        while let entry = readdir(listing) {
            let matches = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name.count > prefixBytes.count && memcmp(name.baseAddress!, prefixBytes, prefixBytes.count) == 0
            }
            guard matches else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }
}
