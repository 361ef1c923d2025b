import CoachLabData
import CoachLabSystem

/// A value the user typed (a path, a plugin id, an option), as a message may quote it:
/// control characters escaped and a long value cut, as every input text is.
func shown(_ text: some StringProtocol) -> String {
    DisplayText.escaped(text, limit: 300)
}
