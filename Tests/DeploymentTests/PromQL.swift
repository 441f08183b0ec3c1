import Foundation

/// Metric names used by a PromQL expression, found without a full PromQL parser: strings, label
/// matchers, range selectors and grouping clauses are removed, then every remaining identifier
/// that is not a function call, keyword or number is a metric name.
enum PromQL {
    private static let keywords: Set<String> = [
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset",
        "inf", "nan",
    ]

    /// The metric names `expression` selects.
    static func metricNames(in expression: String) -> Set<String> {
        var text = expression
        for pattern in [
            #""(?:[^"\\]|\\.)*""#, #"'(?:[^'\\]|\\.)*'"#, #"\{[^}]*\}"#, #"\[[^\]]*\]"#,
            #"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)"#,
        ] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        var names: Set<String> = []
        for match in TextPattern.all(#"(?<![0-9A-Za-z_:.$])([A-Za-z_:][A-Za-z0-9_:]*)"#, in: text) where !keywords.contains(match) {
            names.insert(match)
        }
        // Drop function calls: an identifier directly followed by "(".
        for function in TextPattern.all(#"([A-Za-z_:][A-Za-z0-9_:]*)\s*\("#, in: text) {
            names.remove(function)
        }
        return names
    }

    /// The names a metric may be defined under: histogram and summary series carry suffixes the
    /// code never writes (`_bucket`, `_sum`, `_count`).
    static func definitionCandidates(of series: String) -> [String] {
        var candidates = [series]
        for suffix in ["_bucket", "_sum", "_count"] where series.hasSuffix(suffix) {
            candidates.append(String(series.dropLast(suffix.count)))
        }
        return candidates
    }

    /// Series every Prometheus server provides itself.
    static let builtInSeries: Set<String> = ["up", "scrape_duration_seconds", "scrape_samples_scraped"]
}
