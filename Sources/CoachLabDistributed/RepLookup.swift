#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The reps of reps.csv found from the bytes of an id without making a string per row: by
/// the id's ``RepPartition`` hash (computed anyway to place the row), then the bytes compared.
struct RepLookup {
    /// Rep by hash; -1 where two ids share a hash (then ``sharingHash`` has them).
    private var byHash: HashedKeys
    private var sharingHash: [[UInt8]: Int32] = [:]
    /// Every id's bytes, end to end, and where each starts.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]

    /// Reps in reps.csv.
    var count: Int { starts.count - 1 }

    init(ids: [String]) {
        byHash = HashedKeys(capacity: ids.count)
        for (index, id) in ids.enumerated() {
            let idBytes = Array(id.utf8)
            bytes += idBytes
            starts.append(bytes.count)
            let hash = idBytes.withUnsafeBytes(RepPartition.hash)
            if let known = byHash.value(of: hash) {
                if known >= 0 {
                    sharingHash[self.bytes(of: known)] = known
                    byHash.set(hash, to: -1)
                }
                sharingHash[idBytes] = Int32(index)
            } else {
                byHash.set(hash, to: Int32(index))
            }
        }
    }

    /// The rep (its row in reps.csv, 0-based) whose id is `id`, which hashes to `hash`.
    func rep(_ id: UnsafeRawBufferPointer, hash: UInt64) -> Int32? {
        guard let found = byHash.value(of: hash) else { return nil }
        if found < 0 { return sharingHash[Array(id)] }
        let start = starts[Int(found)]
        let count = starts[Int(found) + 1] - start
        guard count == id.count else { return nil }
        let same = bytes.withUnsafeBytes { all in
            count == 0 || memcmp(all.baseAddress! + start, id.baseAddress!, count) == 0
        }
        return same ? found : nil
    }

    private func bytes(of rep: Int32) -> [UInt8] {
        Array(bytes[starts[Int(rep)]..<starts[Int(rep) + 1]])
    }
}
