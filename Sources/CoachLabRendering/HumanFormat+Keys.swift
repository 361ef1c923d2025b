extension HumanFormat {
    /// "rate_difference" → "Rate difference", "coverage_attainment_r" → "Coverage attainment r",
    /// "p_value" → "p-value".
    public static func readable(key: String) -> String {
        var words = key.split(separator: "_").map(String.init)
        for index in words.indices {
            switch words[index] {
            case "ci": words[index] = "CI"
            case "df": words[index] = "degrees of freedom"
            case "att": words[index] = "ATT"
            case "twfe": words[index] = "TWFE"
            case "se": words[index] = "SE"
            case "icc": words[index] = "ICC"
            case "welch": words[index] = "Welch's"
            case "min": words[index] = "minimum"
            case "p" where index + 1 < words.count && words[index + 1] == "value":
                words[index] = "p-value"
                words[index + 1] = ""
            default: break
            }
        }
        let text = words.filter { !$0.isEmpty }.joined(separator: " ")
        guard let first = text.first, first.isLowercase, !text.hasPrefix("p-value"), text != "r" else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
