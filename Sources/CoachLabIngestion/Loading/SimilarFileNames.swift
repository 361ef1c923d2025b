import CoachLabData
import CoachLabSystem

/// What a folder holds instead of a file the dataset looks for: an export saved as
/// `Performance.csv`, compressed as `performance.csv.gz`, or left as `performance.xlsx`.
/// "performance.csv is missing" alone sends the user looking at a file that is right there.
public enum SimilarFileNames {
    /// A sentence naming the file in `folder` that looks meant as `fileName` and why it is
    /// not read; nil when there is none.
    public static func hint(for fileName: String, in folder: String) -> String? {
        hint(for: fileName, among: DirectoryEntries.names(in: folder) ?? [])
    }

    /// The hints for several files of one folder, listing it once; by file name, those
    /// with a hint only.
    public static func hints(for fileNames: [String], in folder: String) -> [String: String] {
        guard !fileNames.isEmpty else { return [:] }
        let names = DirectoryEntries.names(in: folder) ?? []
        return fileNames.reduce(into: [:]) { hints, fileName in hints[fileName] = hint(for: fileName, among: names) }
    }

    /// The hint for `fileName` given the names a folder holds.
    static func hint(for fileName: String, among names: [String]) -> String? {
        let wanted = fileName.lowercased()
        let stem = wanted.hasSuffix(".csv") ? String(wanted.dropLast(4)) : wanted
        var found: (name: String, kind: Kind)?
        for name in names where name != fileName && !name.hasPrefix(".") {
            let lower = name.lowercased()
            let kind: Kind
            if lower == wanted {
                kind = .otherCase
            } else if lower.hasPrefix(wanted + "."), compressedSuffixes.contains(String(lower.dropFirst(wanted.count + 1))) {
                kind = .compressed
            } else if lower.hasPrefix(stem + "."), !lower.dropFirst(stem.count + 1).contains(".") {
                kind = .otherFormat
            } else {
                continue
            }
            // The closest kind wins; among equals, the first name in order, so the hint is stable.
            if found == nil || kind.rawValue < found!.kind.rawValue || (kind == found!.kind && name < found!.name) {
                found = (name, kind)
            }
        }
        guard let (name, kind) = found else { return nil }
        switch kind {
        case .otherCase:
            return "found \(name): file names must match exactly, so rename it to \(fileName)"
        case .compressed:
            return "found \(name): compressed files are not read, so decompress it to \(fileName)"
        case .otherFormat where delimitedTextSuffixes.contains(where: { name.lowercased().hasSuffix("." + $0) }):
            return "found \(name): a file of another name or delimiter is read through a mapping (coachlab mapping init drafts one)"
        case .otherFormat:
            return "found \(name): CoachLab reads CSV, so export or save it as \(fileName)"
        }
    }

    private enum Kind: Int {
        case otherCase, compressed, otherFormat
    }

    /// Text with fields apart by a tab, a bar or a semicolon, which a mapping reads.
    private static let delimitedTextSuffixes = ["tsv", "txt", "tab", "psv"]

    private static let compressedSuffixes: Set<String> = ["gz", "gzip", "bz2", "xz", "zst", "zip", "7z", "lz4", "z"]
}
