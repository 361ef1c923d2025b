/// Compares numbers with a tolerance, never with `==`.
public enum Tolerance {
    /// Whether `a` and `b` agree to `relative` (or `absolute` near zero).
    public static func agrees(_ a: Double, _ b: Double, relative: Double = 1e-9, absolute: Double = 1e-12) -> Bool {
        if a == b { return true }
        return abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
    }
}
