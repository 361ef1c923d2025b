import CoachLabSystem

/// A sum over fixed blocks of units, computed on several threads and merged in block order,
/// so that the result is the same to the bit whatever the number of threads. Blocks are
/// taken a wave at a time, so at most a wave's partial results are held at once.
enum BlockReduction {
    /// Units per block: large enough that a block's partial is cheap beside its work.
    static let unitsPerBlock = 1024

    /// The merge, in block order, of `partial(block)` over the blocks of `0..<units`; nil
    /// without units.
    static func reduce<Partial: Sendable>(
        units: Int, threads: Int, partial: @Sendable (Range<Int>) -> Partial, merge: (inout Partial, Partial) -> Void
    ) -> Partial? {
        let blocks = (units + unitsPerBlock - 1) / unitsPerBlock
        let wave = max(1, threads) * 4
        var total: Partial?
        var first = 0
        while first < blocks {
            let count = min(wave, blocks - first)
            let results = SharedBuffer<Partial?>(repeating: nil, count: count)
            let start = first
            Parallel.forEachPart(of: count, parts: max(1, threads)) { owned in
                for index in owned {
                    let block = start + index
                    results[index] = partial((block * unitsPerBlock)..<min((block + 1) * unitsPerBlock, units))
                }
            }
            for index in 0..<count {
                if total == nil { total = results[index] } else { merge(&total!, results[index]!) }
            }
            first += count
        }
        return total
    }
}
