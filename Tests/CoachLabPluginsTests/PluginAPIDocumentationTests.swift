import CoachLabTestSupport
import Foundation
import Testing

/// Every public symbol of the plugin API — type, property, method, initialiser and enum
/// case — carries a `///` comment: the contract is read from its source and its generated
/// documentation, by authors who have no one to ask.
@Suite struct PluginAPIDocumentationTests {
    static var declaration: Regex<Substring> { /^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:public|open)\s+(?:(?:static|final|mutating|nonmutating|override|indirect|private\(set\)|internal\(set\)|package\(set\))\s+)*(?:func|var|let|init|struct|enum|class|protocol|subscript|typealias|actor)\b/ }
    /// An enum case declaration (`case integer(Int)`, `case splitRows`, `case a = "a"`),
    /// not a `switch` case (`case .integer:`, `case let (a, b):`).
    static var enumCase: Regex<Substring> { /^\s*case [a-z]\w*(?:\(.*\))?(?:\s*=\s*[^:]+)?(?:,\s*[a-z]\w*)*\s*$/ }

    /// The public declarations of `lines` with no `///` line above them (attributes between
    /// are skipped), as `line: text`.
    static func undocumented(_ lines: [Substring]) -> [String] {
        lines.indices.compactMap { index in
            let line = lines[index]
            guard line.firstMatch(of: declaration) != nil || line.wholeMatch(of: enumCase) != nil else { return nil }
            var above = index - 1
            while above >= 0, lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("@") { above -= 1 }
            let documented = above >= 0 && lines[above].trimmingCharacters(in: .whitespaces).hasPrefix("///")
            return documented ? nil : "\(index + 1): \(line.trimmingCharacters(in: .whitespaces))"
        }
    }

    @Test func everyPublicSymbolIsDocumented() throws {
        let files = PluginMachineryTests.swiftFiles(under: "Sources/CoachLabPluginAPI")
        #expect(files.count > 10)
        var declarations = 0
        for file in files {
            let lines = try PluginMachineryTests.lines(of: file)
            declarations += lines.count { $0.firstMatch(of: Self.declaration) != nil }
            for missing in Self.undocumented(lines) {
                Issue.record("\(file):\(missing) has no /// comment")
            }
        }
        #expect(declarations > 100, "the check reads no declarations")
    }

    @Test func theCheckFindsWhatItShould() {
        let source: [Substring] = [
            "/// Documented.", "public struct A {", "    public var b: Int", "    /// Documented.", "    @inlinable",
            "    public func c() {}", "    case d(Int)", "    case .e: break", "    case let (f, g): break", "    case h = \"h\"",
        ]
        #expect(Self.undocumented(source) == ["3: public var b: Int", "7: case d(Int)", "10: case h = \"h\""])
    }
}
