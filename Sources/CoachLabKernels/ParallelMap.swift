import CoachLabSystem
extension Kernels {
    /// `transform` of each of `0..<count`, in order, on up to `threads` threads at once:
    /// for a few large computations that do not depend on each other (the models of a
    /// plugin, the groups of a table). Each runs whole on one thread, so its result does
    /// not depend on `threads`.
    package static func map<Result>(_ count: Int, threads: Int, _ transform: @Sendable (Int) -> Result) -> [Result] {
        ChunkedWork.map(count: count, threads: threads, transform)
    }
}
