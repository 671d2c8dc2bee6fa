/// Small text helpers every layer's messages use (the model imports nothing, so each layer can).

/// `1 file`, `3 files`.
public func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

extension StringProtocol {
    /// Without the given characters at either end (no Foundation needed).
    public func trimming(_ characters: String) -> String {
        // A linear search of a few characters: a Set costs a hash seed per call (10% of loading
        // 100,000 files when every text value was trimmed).
        guard let start = firstIndex(where: { !characters.contains($0) }) else { return "" }
        let end = lastIndex(where: { !characters.contains($0) })!
        return String(self[start...end])
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free, for the pure core).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        return out + rest
    }
}

/// `5 s`, `1.5 s`: a timeout as messages say it (whole seconds, else tenths).
public func secondsText(_ seconds: Double) -> String {
    if seconds == seconds.rounded() { return "\(Int(seconds)) s" }
    let tenths = Int((seconds * 10).rounded())
    return "\(tenths / 10).\(tenths % 10) s"
}
