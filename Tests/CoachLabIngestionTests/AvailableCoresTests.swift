import CoachLabTestSupport
import Foundation
import Testing
@testable import CoachLabIngestion
@testable import CoachLabSystem

/// The cores a run uses by default: affinity and control-group quotas, read from folders
/// laid out like /proc and /sys.
@Suite struct AvailableCoresTests {
    /// A folder holding `files` (paths from the fake root) with their contents.
    func root(_ files: [String: String]) throws -> String {
        let root = TestFiles.temporaryDirectory("cores")
        for (path, contents) in files {
            let url = root.appendingPathComponent(String(path.dropFirst()))
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
        return root.path
    }

    @Test func processorListsAreCounted() {
        #expect(AvailableCores.processorCount(list: "\t0-1") == 2)
        #expect(AvailableCores.processorCount(list: "0-3,8,10-11") == 7)
        #expect(AvailableCores.processorCount(list: "5") == 1)
        for malformed in ["", "3-1", "a", "1-2-3", "0-"] {
            #expect(AvailableCores.processorCount(list: Substring(malformed)) == nil, "\(malformed)")
        }
    }

    @Test func theAffinityMaskLimitsTheCores() throws {
        let root = try root(["/proc/self/status": "Name:\tcoachlab\nCpus_allowed:\t11\nCpus_allowed_list:\t0,4-5\nMems_allowed:\t1\n"])
        #expect(AvailableCores.affinityProcessors(root: root) == 3)
        #expect(AvailableCores.affinityProcessors(root: root + "/nowhere") == nil)
    }

    @Test func aCgroupV2QuotaOnTheGroupOrAnAncestorLimitsTheCores() throws {
        let root = try root([
            "/proc/self/cgroup": "0::/kubepods/pod1/container\n",
            "/sys/fs/cgroup/kubepods/pod1/container/cpu.max": "max 100000\n",
            "/sys/fs/cgroup/kubepods/pod1/cpu.max": "150000 100000\n",
            "/sys/fs/cgroup/kubepods/cpu.max": "800000 100000\n",
        ])
        // 1.5 CPUs of time: two threads, each busy three quarters of it.
        #expect(AvailableCores.cgroupQuota(root: root) == 2)
        let unlimited = try self.root(["/proc/self/cgroup": "0::/\n", "/sys/fs/cgroup/cpu.max": "max 100000\n"])
        #expect(AvailableCores.cgroupQuota(root: unlimited) == nil)
    }

    @Test func aCgroupV1QuotaLimitsTheCores() throws {
        let root = try root([
            "/proc/self/cgroup": "12:memory:/docker/abc\n4:cpu,cpuacct:/docker/abc\n1:name=systemd:/docker/abc\n",
            "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "-1\n",
            "/sys/fs/cgroup/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n",
            "/sys/fs/cgroup/cpu,cpuacct/docker/cpu.cfs_quota_us": "300000\n",
            "/sys/fs/cgroup/cpu,cpuacct/docker/cpu.cfs_period_us": "100000\n",
        ])
        #expect(AvailableCores.cgroupQuota(root: root) == 3)
        let noQuota = try self.root([
            "/proc/self/cgroup": "3:cpu:/\n",
            "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "-1\n",
            "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000\n",
        ])
        #expect(AvailableCores.cgroupQuota(root: noQuota) == nil)
    }

    @Test func thisProcessHasAtLeastOneCoreAndNoMoreThanItsMask() {
        #expect(AvailableCores.count >= 1)
        if let mask = AvailableCores.affinityProcessors(root: "") { #expect(AvailableCores.count <= mask) }
    }
}
