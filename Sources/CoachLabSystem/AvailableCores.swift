#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many threads this process can run at once: the processors it may be scheduled on
/// (its CPU affinity: `taskset`, a container's cpuset), capped by a CPU quota of its
/// control group (a Kubernetes or Docker CPU limit), rounded up. The count of online
/// processors alone is the whole machine's: on a 64-core node a pod limited to two CPUs
/// would start 64 parsers, be throttled to two CPUs' worth of time, and hold 64 threads'
/// buffers against its memory limit.
package enum AvailableCores {
    /// The cores of this process, at least 1.
    package static let count: Int = {
        var cores = onlineProcessors
        if let affinity = affinityProcessors(root: "") { cores = min(cores, affinity) }
        if let quota = cgroupQuota(root: "") { cores = min(cores, quota) }
        return max(1, cores)
    }()

    static var onlineProcessors: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// The processors of this process's affinity mask, from the `Cpus_allowed_list` line
    /// of /proc/self/status (`sched_getaffinity` is not in Swift's Glibc); nil where it
    /// cannot be read.
    static func affinityProcessors(root: String) -> Int? {
        guard let status = TextFile.contents(of: root + "/proc/self/status"),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return nil }
        return processorCount(list: line.dropFirst("Cpus_allowed_list:".count))
    }

    /// The processors a list such as "0-3,8,10-11" names; nil when it is malformed.
    static func processorCount(list: Substring) -> Int? {
        var count = 0
        for range in list.split(separator: ",") {
            let bounds = range.split(separator: "-", omittingEmptySubsequences: false)
                .map { Int($0.filter { !$0.isWhitespace }) }
            guard bounds.count <= 2, let first = bounds.first ?? nil, let last = bounds.last ?? nil, first <= last else { return nil }
            count += last - first + 1
        }
        return count > 0 ? count : nil
    }

    /// The tightest CPU quota on this process's control group and its ancestors, in whole
    /// CPUs rounded up; nil when there is none. `root` is prefixed to the /proc and /sys
    /// paths read (tests give a folder laid out like them).
    ///
    /// cgroup v2: `cpu.max` ("max 100000", or "150000 100000" for 1.5 CPUs) under
    /// /sys/fs/cgroup at the path /proc/self/cgroup gives on its `0::` line. cgroup v1:
    /// `cpu.cfs_quota_us` (-1 for none) over `cpu.cfs_period_us` under the cpu
    /// controller's mount, at the path of the line naming `cpu`. Inside a container the
    /// path is usually `/` and the container's own group is what is mounted.
    static func cgroupQuota(root: String) -> Int? {
        guard let groups = TextFile.contents(of: root + "/proc/self/cgroup") else { return nil }
        var quotas: [Double] = []
        for line in groups.split(separator: "\n") {
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                quotas += ancestors(of: path).compactMap { quotaV2(root + "/sys/fs/cgroup" + $0 + "/cpu.max") }
            } else if fields[1].split(separator: ",").contains("cpu") {
                for mount in ["/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpu"] {
                    quotas += ancestors(of: path).compactMap { quotaV1(root + mount + $0) }
                }
            }
        }
        return quotas.min().map { max(1, Int($0.rounded(.up))) }
    }

    /// `path` and every folder above it up to `/`, as cgroup paths ("" for the root).
    private static func ancestors(of path: String) -> [String] {
        var parts = path.split(separator: "/").map(String.init)
        var paths: [String] = []
        while true {
            paths.append(parts.isEmpty ? "" : "/" + parts.joined(separator: "/"))
            if parts.isEmpty { return paths }
            parts.removeLast()
        }
    }

    private static func quotaV2(_ file: String) -> Double? {
        guard let fields = TextFile.contents(of: file)?.split(whereSeparator: \.isWhitespace), fields.count >= 2,
              let quota = Double(fields[0]), let period = Double(fields[1]), quota > 0, period > 0 else { return nil }
        return quota / period
    }

    private static func quotaV1(_ folder: String) -> Double? {
        let number = { (name: String) in TextFile.contents(of: folder + "/" + name)?.split(whereSeparator: \.isWhitespace).first.flatMap { Double($0) } }
        guard let quota = number("cpu.cfs_quota_us"), let period = number("cpu.cfs_period_us"), quota > 0, period > 0 else { return nil }
        return quota / period
    }
}
