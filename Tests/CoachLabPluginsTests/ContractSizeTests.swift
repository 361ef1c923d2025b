import CoachLabTestSupport
import Foundation
import Testing

/// A plugin author's `import CoachLabPluginAPI` brings the contract and the data model it
/// re-exports, and no more: at most 30 public top-level types, counted from the source text.
/// Helpers a plugin author does not write against are nested (`Partial.Writer`,
/// `MetricResult.Role`) or live in modules of their own (the kernels, the runner, the
/// support module that nothing re-exports).
@Suite struct ContractSizeTests {
    static let contractModules = ["Sources/CoachLabPluginAPI", "Sources/CoachLabData"]
    static let limit = 30

    /// `public struct Name`, `public final class Name`, … at the start of a line: a type
    /// declared at the top level of a file (a nested one is indented).
    static var topLevelType: Regex<(Substring, Substring)> { /^(?:@\w+\s+)*public\s+(?:(?:final|indirect)\s+)*(?:struct|enum|class|protocol|typealias|actor)\s+(\w+)/ }

    static func publicTopLevelTypes(under folder: String) throws -> [String] {
        try PluginMachineryTests.swiftFiles(under: folder).flatMap { file in
            try PluginMachineryTests.lines(of: file).compactMap { line in
                line.firstMatch(of: topLevelType).map { String($0.1) }
            }
        }
    }

    @Test func theContractBringsAtMostThirtyPublicTypes() throws {
        let types = try Self.contractModules.flatMap(Self.publicTopLevelTypes(under:))
        #expect(types.count > 10, "the count reads no declarations: \(types)")
        #expect(types.count <= Self.limit, "\(types.count) public top-level types: \(types.sorted().joined(separator: ", "))")
        #expect(Set(types).count == types.count)
    }

    @Test func theCountSeesTopLevelDeclarationsAlone() {
        #expect("public struct Dataset: Sendable {".firstMatch(of: Self.topLevelType)?.1 == "Dataset")
        #expect("public final class Storage {".firstMatch(of: Self.topLevelType)?.1 == "Storage")
        #expect("@frozen public enum Partial {}".firstMatch(of: Self.topLevelType)?.1 == "Partial")
        #expect("    public struct Writer: Sendable {".firstMatch(of: Self.topLevelType) == nil)
        #expect("public func narrowed() -> Dataset".firstMatch(of: Self.topLevelType) == nil)
    }

    /// Only the data model is re-exported with the contract (and RealModule with the
    /// statistics library): the support module, the kernels and the runner stay behind
    /// their own imports.
    @Test func nothingElseIsReExported() throws {
        var exported: [String] = []
        for file in PluginMachineryTests.swiftFiles(under: "Sources") {
            for line in try PluginMachineryTests.lines(of: file) where line.hasPrefix("@_exported import ") {
                exported.append("\(file): \(line)")
            }
        }
        #expect(exported.sorted() == [
            "Sources/CoachLabPluginAPI/Exports.swift: @_exported import CoachLabData",
            "Sources/CoachLabStatistics/ElementaryFunctions.swift: @_exported import RealModule",
        ])
    }
}
