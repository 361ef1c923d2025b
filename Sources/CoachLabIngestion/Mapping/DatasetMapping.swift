import CoachLabData

/// How an export folder maps onto the canonical dataset: which file holds each table,
/// which header holds each column, and how the export writes its values.
///
/// Built from a mapping file (``MappingFile``) or in code. A table or column the mapping
/// does not name is read as the canonical dataset has it.
public struct DatasetMapping: Sendable {
    public struct TableMapping: Sendable {
        /// The file in the export folder; nil for the canonical name.
        public var file: String?
        /// Canonical column name → where and how the export writes it.
        public var columns: [String: ColumnMapping]
        /// The byte between this file's fields, when not the mapping's ``DatasetMapping/delimiter``.
        public var delimiter: UInt8?

        public init(file: String? = nil, columns: [String: ColumnMapping] = [:], delimiter: UInt8? = nil) {
            self.file = file
            self.columns = columns
            self.delimiter = delimiter
        }
    }

    public struct ColumnMapping: Sendable {
        /// The export's header for the column.
        public var header: String
        /// How its values are written, when not canonically.
        public var format: ValueFormat?

        public init(header: String, format: ValueFormat? = nil) {
            self.header = header
            self.format = format
        }
    }

    public var tables: [DatasetTable: TableMapping]
    /// Values read as empty in every column of the export (`N/A`, `#N/A`).
    public var missingValues: [String]
    /// The byte between fields in the export's files (a table may say otherwise); a comma.
    public var delimiter = UInt8(ascii: ",")
    /// What identifies the mapping to the column cache: the text of the mapping file it was
    /// read from. A mapping built in code has none, and loads through it are not cached.
    public var identity: String?

    public init(tables: [DatasetTable: TableMapping] = [:], missingValues: [String] = []) {
        self.tables = tables
        self.missingValues = missingValues
    }

    /// The byte between fields in `table`'s file.
    public func delimiter(of table: DatasetTable) -> UInt8 {
        tables[table]?.delimiter ?? delimiter
    }

    /// The file name of `table` in the export folder.
    public func fileName(of table: DatasetTable) -> String {
        tables[table]?.file ?? table.fileName
    }

    /// The request for a canonical column, reading it where and as the export has it.
    public func request(_ request: CSVColumnRequest, in table: DatasetTable) -> CSVColumnRequest {
        var mapped = request
        let column = tables[table]?.columns[request.name]
        mapped.header = column?.header
        var format = column?.format ?? ValueFormat()
        format.missingValues += missingValues.map { Array($0.utf8) }
        mapped.format = format.isCanonical ? nil : format
        return mapped
    }
}
