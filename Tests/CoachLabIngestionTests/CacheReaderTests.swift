import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion
@testable import CoachLabCache

/// The cache's lists of strings (the ids of a large org) read back on several threads.
@Suite struct CacheReaderTests {
    /// More ids than one thread makes, some too long to be stored inline, some not ASCII.
    static let ids = (0..<(CacheReader.stringsPerThread + 4_321)).map { index in
        index % 7 == 0 ? "R\(index)-a-longer-id-kept-out-of-line-é" : "R\(index)"
    }

    /// The body of a cache file holding `ids` and then the integer 42, mapped.
    private func mappedBody() throws -> CacheMapping {
        let path = TestFiles.temporaryDirectory("cache-reader").appendingPathComponent("body").path
        var writer = try #require(CacheWriter(path: path))
        writer.strings(Self.ids)
        writer.integer(42)
        let closed = writer.close()
        #expect(closed)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        return try #require(CacheMapping(descriptor: descriptor, size: size))
    }

    @Test(arguments: [1, 2, 3])
    func manyStringsAreReadBackInOrder(threads: Int) throws {
        let mapping = try mappedBody()
        var reader = CacheReader(body: mapping.bytes, in: mapping, threads: threads)
        let strings = try reader.strings()
        let after = try reader.integer()
        #expect(strings == Self.ids)
        #expect(after == 42)
    }

    /// A body cut anywhere in its strings is refused, never read past its end.
    @Test(arguments: [1, 3])
    func aCutBodyIsRefused(threads: Int) throws {
        let mapping = try mappedBody()
        for cut in [8, 9, 4_000, mapping.bytes.count / 2, mapping.bytes.count - 40] {
            let body = UnsafeRawBufferPointer(rebasing: mapping.bytes[0..<cut])
            #expect(throws: CacheReader.Corrupt.self, "cut at \(cut)") {
                var reader = CacheReader(body: body, in: mapping, threads: threads)
                _ = try reader.strings()
                _ = try reader.integer()
            }
        }
    }

    /// A count of strings the body cannot hold is refused before room is made for them.
    @Test(arguments: [1, 3])
    func aCountBeyondTheBodyIsRefused(threads: Int) throws {
        let path = TestFiles.temporaryDirectory("cache-reader").appendingPathComponent("body").path
        var writer = try #require(CacheWriter(path: path))
        writer.integer(1 << 40)
        writer.integer(3)
        let closed = writer.close()
        #expect(closed)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let mapping = try #require(CacheMapping(descriptor: descriptor, size: 32))
        #expect(throws: CacheReader.Corrupt.self) {
            var reader = CacheReader(body: mapping.bytes, in: mapping, threads: threads)
            _ = try reader.strings()
        }
    }
}
