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

    /// The JSON object in a file.
    public static func json(at url: URL) -> Any {
        try! JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }
}
