/// The Swift sources of Services/ and Shared/, searched for the names the deployment files use.
struct SwiftSources: Sendable {
    /// Each file's path (relative to the repository root) and text.
    let files: [(path: String, text: String)]

    /// Reads every `.swift` file under Services/ and Shared/.
    init(layout: RepositoryLayout) throws {
        var files: [(path: String, text: String)] = []
        for folder in ["Services", "Shared"] {
            for path in layout.files(under: folder, endingWith: [".swift"]) {
                files.append((path, try layout.text(path)))
            }
        }
        self.files = files
    }

    /// The texts of the files an executable is built from, as far as this test can tell: its own
    /// folder and Shared/. `nil` executable means every file but the launchers'.
    func texts(for executable: String?) -> [String] {
        files.filter { file in
            if ServiceContract.launcherFolders.contains(where: { file.path.hasPrefix($0 + "/") }) { return false }
            if file.path.hasPrefix("Shared/") { return true }
            guard let executable else { return true }
            guard let folder = ServiceContract.sourceFolders[executable] else { return true }
            return file.path.hasPrefix(folder + "/")
        }.map(\.text)
    }

    /// Whether any of `texts` contains `"literal"` (the string quoted, as code names it).
    static func quote(_ literal: String, in texts: [String]) -> Bool {
        let quoted = "\"" + literal + "\""
        return texts.contains { $0.contains(quoted) }
    }

    /// Whether the sources of `executable` read the environment variable `name`: by its quoted
    /// name; as two quoted halves joined in one file (`prefix + "_APP_ID"` with
    /// `"SIMULATOR_BOT"`); a `KAFKA_PROPERTY_*` name through the quoted prefix (the librdkafka
    /// property mapping); a `*_FILE` name as its base name plus the quoted `_FILE` suffix (secrets
    /// read from files).
    func reads(variable name: String, executable: String?) -> Bool {
        let texts = texts(for: executable)
        if Self.quote(name, in: texts) { return true }
        if Self.joined(name, in: texts) { return true }
        if name.hasPrefix("KAFKA_PROPERTY_"), name.count > "KAFKA_PROPERTY_".count {
            return Self.quote("KAFKA_PROPERTY_", in: texts)
        }
        if name.hasSuffix("_FILE") {
            let base = String(name.dropLast("_FILE".count))
            return (Self.quote(base, in: texts) || Self.joined(base, in: texts)) && Self.quote("_FILE", in: texts)
        }
        return false
    }

    /// Whether one of `texts` holds `name` split at an underscore into two quoted literals
    /// (the underscore on either side), as code that builds names from a prefix does.
    static func joined(_ name: String, in texts: [String]) -> Bool {
        var index = name.startIndex
        while let underscore = name[index...].firstIndex(of: "_") {
            let head = String(name[..<underscore])
            let tail = String(name[name.index(after: underscore)...])
            if !head.isEmpty && !tail.isEmpty {
                let splits = [(head, "_" + tail), (head + "_", tail)]
                for (left, right) in splits
                where texts.contains(where: { $0.contains("\"\(left)\"") && $0.contains("\"\(right)\"") }) {
                    return true
                }
            }
            index = name.index(after: underscore)
        }
        return false
    }

    /// Whether some source names the metric `name` as a quoted string (how swift-metrics labels
    /// are given).
    func defines(metric name: String) -> Bool {
        Self.quote(name, in: texts(for: nil))
    }
}
