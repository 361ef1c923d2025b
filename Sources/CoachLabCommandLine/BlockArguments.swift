import ArgumentParser
import CoachLabDistributed

/// `--blocks N` on `run` and `report`: the plugins computed over whole-rep blocks, one
/// loaded at a time (``BlockedRun``).
struct BlockArguments: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Compute every plugin over N blocks of whole reps (contiguous rows of reps.csv), loading one block at a time: the rows held at once are one block's, and only the merged results (a few KiB per rep) grow with the org; slower, and the output is exactly what the run without --blocks prints. Each block, once read, is kept in the column cache: a later run of as many blocks of the same files reads them from there. Not with --where, --from, --to, --by or --on-error skip. See docs/SCALE-OUT.md.",
        valueName: "N"))
    var blocks: Int?

    func validate() throws {
        if let blocks, RepPartition(parts: blocks) == nil {
            throw ValidationError("--blocks must be from 1 to \(RepPartition.maximumParts), not \(blocks)")
        }
    }

    /// Refuses the options a blocked run cannot honour: each would need the whole org at once.
    func refuseUnsupported(input: DatasetArguments, slice: SliceArguments, segments: SegmentArguments) throws {
        guard blocks != nil else { return }
        if slice.isGiven {
            throw ValidationError("--blocks cannot be combined with --where, --from or --to: run the slice without --blocks, or export it (`coachlab export`) and run that with --blocks")
        }
        if segments.column != nil {
            throw ValidationError("--blocks cannot be combined with --by: run each segment with --where without --blocks")
        }
        if input.onError == .skip {
            throw ValidationError("--blocks cannot be combined with --on-error skip: the blocks are cut from rows already checked; fix the rows, or run without --blocks")
        }
    }
}
