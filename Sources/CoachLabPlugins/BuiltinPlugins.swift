import ActivityToPipeline
import AssignmentFollowThrough
import CoachingCoverage
import CoachingVsFirefighting
import FeedbackLatency
import FocusBreadth
import CoachLabPluginAPI
import PerformanceGaps
import ProgramImpact
import QuotaAttainmentByCoachingQuality
import RepImprovementOverTime
import SkillWillMatrix
import CoachLabRunner

/// The plugins that ship with CoachLab: the one list every built-in is registered in.
public enum BuiltinPlugins {
    /// Every built-in plugin, in the order `run` reports them.
    public static var all: [any MetricPlugin] {
        [
            QuotaAttainmentByCoachingQuality(),
            RepImprovementOverTime(),
            CoachingCoverage(),
            CoachingVsFirefighting(),
            FeedbackLatency(),
            FocusBreadth(),
            AssignmentFollowThrough(),
            SkillWillMatrix(),
            ActivityToPipeline(),
            PerformanceGaps(),
            ProgramImpact(),
        ]
    }

    /// A registry of the built-ins.
    public static func registry() -> PluginRegistry {
        // The list above has fixed, distinct ids; a test proves it builds.
        try! PluginRegistry(all)
    }
}
