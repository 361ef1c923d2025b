import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The folder holding this test process's scratch folders. Removed at exit, with any left by
/// test processes that died: a test run makes hundreds of folders (about 100 MB of
/// generated orgs), and a machine running the tests daily would fill its temporary
/// directory with them.
private let scratchRoot: URL = {
    let files = FileManager.default
    let prefix = "coachlab-tests-"
    let base = files.temporaryDirectory
    for name in (try? files.contentsOfDirectory(atPath: base.path)) ?? [] where name.hasPrefix(prefix) {
        guard let owner = pid_t(name.dropFirst(prefix.count)), kill(owner, 0) != 0, errno == ESRCH else { continue }
        try? files.removeItem(at: base.appendingPathComponent(name))
    }
    let root = base.appendingPathComponent(prefix + "\(getpid())", isDirectory: true)
    try? files.removeItem(at: root)
    try! files.createDirectory(at: root, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: scratchRoot) }
    return root
}()

/// Files and folders for tests: the repository, fixtures, scratch directories.
public enum TestFiles {
    /// The repository root, found from this source file's path.
    public static let repositoryRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// A fresh, empty scratch folder, removed with the others when the test process exits.
    public static func temporaryDirectory(_ label: String = "coachlab") -> URL {
        let url = scratchRoot.appendingPathComponent("\(label)-\(UUID().uuidString)", isDirectory: true)
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Writes `text` (as UTF-8) to `name` inside `folder`.
    @discardableResult
    public static func write(_ text: String, to name: String, in folder: URL) -> URL {
        write(Data(text.utf8), to: name, in: folder)
    }

    @discardableResult
    public static func write(_ bytes: Data, to name: String, in folder: URL) -> URL {
        let url = folder.appendingPathComponent(name)
        try! bytes.write(to: url)
        return url
    }

    /// A minimal valid dataset folder, with any file replaced by `overrides[name]`.
    public static func dataset(_ overrides: [String: String] = [:], omitting: Set<String> = []) -> URL {
        let folder = temporaryDirectory("dataset")
        var files = [
            "managers.csv": "manager_id,coaching_quality\nM1,exceeds\nM2,needs_improvement\n",
            "reps.csv": "rep_id,manager_id\nR1,M1\nR2,M2\n",
            "performance.csv": "rep_id,period,quota,bookings\nR1,2024-01,100,120\nR2,2024-01,100,80\nR1,2024-02,100,90\nR2,2024-02,100,110\n",
        ]
        for (name, text) in overrides { files[name] = text }
        for (name, text) in files where !omitting.contains(name) { write(text, to: name, in: folder) }
        return folder
    }

    /// A copy of the sample org whose coaching_sessions.csv has each data row's fields (split
    /// on commas: the sample quotes none) passed through `edit`, with the number of rows
    /// `edit` changed.
    public static func sampleOrg(editingSessions edit: (_ header: [String], _ fields: inout [String]) -> Void) -> (folder: URL, edited: Int) {
        let folder = temporaryDirectory("sample-org-copy")
        let source = repositoryRoot.appendingPathComponent("Datasets/sample-org")
        for file in ["managers.csv", "reps.csv", "performance.csv", "assignments.csv"] {
            try! FileManager.default.copyItem(at: source.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        let lines = try! String(contentsOf: source.appendingPathComponent("coaching_sessions.csv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        var edited = 0
        let rows = lines.enumerated().map { number, line -> String in
            guard number > 0, !line.isEmpty else { return line }
            var fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let before = fields
            edit(header, &fields)
            if fields != before { edited += 1 }
            return fields.joined(separator: ",")
        }
        write(rows.joined(separator: "\n"), to: "coaching_sessions.csv", in: folder)
        return (folder, edited)
    }

    /// The JSON object in a file.
    public static func json(at url: URL) -> Any {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }
}
