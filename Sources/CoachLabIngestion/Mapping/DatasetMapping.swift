import CoachLabSystem
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
        /// This file's encoding, when not the mapping's ``DatasetMapping/encoding``.
        public var encoding: TextEncoding?
        /// Whether this file's report footer is skipped, when not as the mapping says.
        public var skipsFooter: Bool?
        /// The line of the mapping file that names the table, and that of its `columns:` key.
        public var line: Int?
        public var columnsLine: Int?

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
        /// The line of the mapping file that maps the column.
        public var line: Int?

        public init(header: String, format: ValueFormat? = nil, line: Int? = nil) {
            self.header = header
            self.format = format
            self.line = line
        }
    }

    public var tables: [DatasetTable: TableMapping]
    /// Values read as empty in every column of the export (`N/A`, `#N/A`).
    public var missingValues: [String]
    /// The byte between fields in the export's files (a table may say otherwise); a comma.
    public var delimiter = UInt8(ascii: ",")
    /// The encoding of the export's files (a table may say otherwise): UTF-8.
    public var encoding = TextEncoding.utf8
    /// Whether a report footer after the data (``ReportFooter``) is skipped; `footer: none`
    /// turns it off.
    public var skipsFooter = true
    /// What identifies the mapping to the column cache: the text of the mapping file it was
    /// read from. A mapping built in code has none, and loads through it are not cached.
    public var identity: String?
    /// The mapping file, as messages name it; nil for a mapping built in code.
    public var file: String?

    public init(tables: [DatasetTable: TableMapping] = [:], missingValues: [String] = []) {
        self.tables = tables
        self.missingValues = missingValues
    }

    /// The byte between fields in `table`'s file.
    public func delimiter(of table: DatasetTable) -> UInt8 {
        tables[table]?.delimiter ?? delimiter
    }

    /// The encoding of `table`'s file.
    public func encoding(of table: DatasetTable) -> TextEncoding {
        tables[table]?.encoding ?? encoding
    }

    /// Whether a report footer after `table`'s data is skipped.
    public func skipsFooter(of table: DatasetTable) -> Bool {
        tables[table]?.skipsFooter ?? skipsFooter
    }

    /// The file name of `table` in the export folder.
    public func fileName(of table: DatasetTable) -> String {
        tables[table]?.file ?? table.fileName
    }

    /// The requests for `table`'s columns as the export has them; with performance's
    /// `attainment` mapped, it is read too (required) and bookings are required only when
    /// the mapping names them (otherwise they are attainment × quota: ``DatasetBuilder``).
    public func requests(_ requests: [CSVColumnRequest], in table: DatasetTable) -> [CSVColumnRequest] {
        var mapped = requests.map { request($0, in: table) }
        for extra in DatasetSchema.mappedOnlyColumns(of: table) where tables[table]?.columns[extra.name] != nil {
            var required = extra
            required.isRequired = true
            mapped.append(request(required, in: table))
            if extra.name == "attainment" && tables[table]?.columns["bookings"] == nil,
               let bookings = mapped.firstIndex(where: { $0.name == "bookings" }) {
                mapped[bookings].isRequired = false
            }
        }
        return mapped
    }

    /// Where in the mapping file a fix for `column` of `table` goes: the line that maps it,
    /// else the table's `columns:` line, as `mapping.yaml:32`; nil without a mapping file.
    public func place(of column: String, in table: DatasetTable) -> String? {
        guard let file else { return nil }
        let mapped = tables[table]
        let line = mapped?.columns[column]?.line ?? mapped?.columnsLine ?? mapped?.line
        return DisplayText.escaped(file) + (line.map { ":\($0)" } ?? "")
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
