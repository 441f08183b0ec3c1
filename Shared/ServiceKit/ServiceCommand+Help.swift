import Foundation

extension ServiceCommand {
    /// The exit statuses in the order `--help` lists them.
    static let documentedExitCodes: [ServiceExitCode] = [.success, .usage, .unavailable, .configuration, .failure]

    /// What `--help` prints: the summary, the usage, every variable with its default and meaning,
    /// and the exit statuses.
    public var helpText: String {
        var lines = ["\(versionLine): " + summary]
        lines = Self.wrap(lines[0], indent: "")
        lines += ["", "Usage: \(name) [--help | --version]", ""]
        lines.append("Configuration is read from the environment only:")
        for variable in variables {
            lines.append("")
            lines.append("  \(variable.name) (default: \(variable.defaultValue.map { "\"\($0)\"" } ?? "none"))")
            lines += Self.wrap(variable.meaning, indent: "      ")
        }
        lines += ["", "Exit status:"]
        for code in Self.documentedExitCodes {
            lines.append("  " + String(code.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0) + code.meaning)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `text` in lines of at most `width` characters (a longer word gets a line of its own).
    static func wrap(_ text: String, indent: String, width: Int = 100) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count && line.count + 1 + word.count > width {
                lines.append(line)
                line = indent
            }
            line += (line.count > indent.count ? " " : "") + word
        }
        lines.append(line)
        return lines
    }
}
