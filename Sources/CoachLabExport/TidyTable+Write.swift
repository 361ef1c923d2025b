import CoachLabData
import CoachLabSystem

extension TidyTable {
    /// Rows a thread formats at a time: enough to keep every thread busy between hand-offs,
    /// few enough that the pieces waiting to be written stay a few megabytes.
    static let rowsPerBlock = 8_192

    /// Writes the table in its ``format``, handing `output` its bytes in pieces, in order, as
    /// they are produced: the CSV header line first, then each row.
    ///
    /// Rows are formatted in blocks on up to `threads` threads at once, a batch of blocks
    /// at a time, and handed on in row order: the bytes are those of one thread.
    /// - Complexity: O(rows × columns) time, O(threads × block) memory.
    public func write(threads: Int = 1, to output: (UnsafeRawBufferPointer) -> Void) {
        let separators = columnPrefixes(format)
        if format == .csv {
            var header: [UInt8] = []
            for (index, column) in columns.enumerated() {
                if index > 0 { header.append(0x2C) }
                header += CellText.csv(column.name)
            }
            header += [0x0D, 0x0A]
            header.withUnsafeBytes(output)
        }
        let blocks = (rowCount + Self.rowsPerBlock - 1) / Self.rowsPerBlock
        let batch = max(1, threads) * 4
        var firstBlock = 0
        while firstBlock < blocks {
            let count = min(batch, blocks - firstBlock)
            let start = firstBlock
            let pieces = ChunkedWork.map(count: count, threads: threads) { offset in
                let block = start + offset
                return rows(block * Self.rowsPerBlock..<min(rowCount, (block + 1) * Self.rowsPerBlock),
                            format: format, separators: separators)
            }
            for piece in pieces { piece.withUnsafeBytes(output) }
            firstBlock += count
        }
    }

    /// What comes before each column's cell: a comma (none before the first) in CSV, the
    /// key (`{"name":` for the first, `,"name":` after) in JSON Lines.
    private func columnPrefixes(_ format: ExportFormat) -> [[UInt8]] {
        columns.enumerated().map { index, column in
            switch format {
            case .csv: index == 0 ? [] : [0x2C]
            case .jsonl: (index == 0 ? [0x7B] : [0x2C]) + CellText.json(column.name) + [0x3A]
            }
        }
    }

    /// The bytes of `rows`, each ended by its line break.
    ///
    /// Column by column, then interleaved: each column's writer is called for every row of
    /// the block in one loop, its cells end to end in a buffer of its own, and the rows are
    /// then copied together from those buffers. Called a cell at a time, fetching the
    /// writer's closure from the array cost more in reference counting than the cell.
    private func rows(_ rows: Range<Int>, format: ExportFormat, separators: [[UInt8]]) -> [UInt8] {
        let lineEnd: [UInt8] = format == .csv ? [0x0D, 0x0A] : (columns.isEmpty ? [0x7B, 0x7D, 0x0A] : [0x7D, 0x0A])
        // Every column's cells in one buffer, column after column; `ends[c × n + i]` is where
        // row i's cell of column c ends. Flat, so that the copy below takes no reference count.
        var cell = CellWriter(format: format)
        cell.bytes.reserveCapacity(rows.count * 12 * max(1, columns.count))
        var ends: [Int] = []
        ends.reserveCapacity(rows.count * columns.count)
        for column in columns {
            let write = column.write
            for row in rows {
                write(row, &cell)
                ends.append(cell.bytes.count)
            }
        }
        let joined = separators.flatMap { $0 } + lineEnd
        var separatorEnds: [Int] = []
        for separator in separators { separatorEnds.append((separatorEnds.last ?? 0) + separator.count) }
        let count = rows.count
        return cell.bytes.withUnsafeBufferPointer { bytes in
        ends.withUnsafeBufferPointer { ends in
        joined.withUnsafeBufferPointer { joined in
        separatorEnds.withUnsafeBufferPointer { separatorEnds in
            [UInt8](unsafeUninitializedCapacity: bytes.count + count * joined.count) { out, initialized in
                var position = 0
                func copy(_ from: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
                    assert(position + end - start <= out.count, "the rows overrun the bytes counted for them")
                    (out.baseAddress! + position).initialize(from: from.baseAddress! + start, count: end - start)
                    position += end - start
                }
                for offset in 0..<count {
                    for index in 0..<separatorEnds.count {
                        copy(joined, index == 0 ? 0 : separatorEnds[index - 1], separatorEnds[index])
                        let cellIndex = index * count + offset
                        copy(bytes, cellIndex == 0 ? 0 : ends[cellIndex - 1], ends[cellIndex])
                    }
                    copy(joined, separatorEnds.last ?? 0, joined.count)
                }
                initialized = position
            }
        }}}}
    }
}
