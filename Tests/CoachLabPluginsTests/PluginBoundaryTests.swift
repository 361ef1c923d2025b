import CoachLabPlugins
import CoachLabTestSupport
import Foundation
import Testing

/// SwiftPM ignores an undeclared folder under Plugins/ and lets a target import modules it
/// reaches only transitively: these checks close both holes.
@Suite struct PluginBoundaryTests {
    static let root = TestFiles.repositoryRoot
    /// The contract, the shared computations and the statistics library: what
    /// `metricPlugin(_:)` in Package.swift lets a plugin depend on.
    static let allowedImports: Set<String> = ["CoachLabPluginAPI", "CoachLabKernels", "CoachLabStatistics"]

    static var pluginFolders: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Plugins").path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            return FileManager.default.fileExists(atPath: root.appendingPathComponent("Plugins/\(name)").path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }

    @Test func everyPluginFolderIsDeclaredRegisteredAndDocumented() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let registry = try String(contentsOf: Self.root.appendingPathComponent("Sources/CoachLabPlugins/BuiltinPlugins.swift"), encoding: .utf8)
        #expect(Self.pluginFolders.count == BuiltinPlugins.all.count)
        for folder in Self.pluginFolders {
            #expect(manifest.contains("\"\(folder)\","), "\(folder) is not in metricPluginNames of Package.swift")
            #expect(registry.contains("import \(folder)\n") && registry.contains("\(folder)(),"), "\(folder) is not registered")
            let readme = Self.root.appendingPathComponent("Plugins/\(folder)/README.md")
            let text = (try? String(contentsOf: readme, encoding: .utf8)) ?? ""
            #expect(text.count > 200, "\(folder)/README.md is missing or a stub")
        }
    }

    @Test func theManifestGivesPluginsTheAllowedModulesAlone() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let declaration = try #require(manifest.range(of: "func metricPlugin(").map { manifest[$0.lowerBound...] })
        let dependencies = try #require(declaration.firstMatch(of: /dependencies: \[([^\]]*)\]/)?.1)
        let modules = Set(dependencies.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) })
        #expect(modules == Self.allowedImports)
    }

    @Test func pluginsImportOnlyThePublicAPI() throws {
        for folder in Self.pluginFolders {
            let directory = Self.root.appendingPathComponent("Plugins/\(folder)")
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".swift") }
            #expect(!files.isEmpty)
            for file in files {
                let source = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
                for line in source.split(separator: "\n") {
                    let words = line.split(separator: " ")
                    guard let index = words.firstIndex(of: "import") else { continue }
                    let module = words.index(after: index) < words.endIndex ? String(words[words.index(after: index)]) : ""
                    #expect(Self.allowedImports.contains(module), "\(folder)/\(file) imports \(module)")
                }
            }
        }
    }

    @Test func everyBuiltinHasADistinctDocumentedID() {
        for plugin in BuiltinPlugins.all {
            let readme = Self.root.appendingPathComponent("Plugins")
            let mentioned = Self.pluginFolders.contains { folder in
                ((try? String(contentsOf: readme.appendingPathComponent("\(folder)/README.md"), encoding: .utf8)) ?? "")
                    .contains(plugin.descriptor.id)
            }
            #expect(mentioned, "no plugin README names \(plugin.descriptor.id)")
        }
    }
}
