import CoachLabData
import Testing
@testable import CoachLabIngestion

/// The columns a plugin may declare (``DatasetTable/optionalColumns``, in the data model)
/// are the columns the loader reads.
@Suite struct SchemaColumnsTests {
    @Test(arguments: DatasetTable.allCases)
    func theModelNamesTheColumnsTheLoaderReads(table: DatasetTable) {
        let schema = DatasetSchema.columns(of: table)
        #expect(Set(table.requiredColumns) == Set(schema.filter(\.isRequired).map(\.name)))
        #expect(Set(table.optionalColumns) == Set(schema.filter { !$0.isRequired }.map(\.name)))
        #expect(table.hasColumn(schema[0].name) && !table.hasColumn("no_such_column"))
    }
}
