import Foundation

/// `handover-fuzz` without libFuzzer: replays saved inputs through a target's properties.
public enum FuzzReplayCommand {
    /// The version printed by `--version`.
    public static let version = "handover-fuzz 1.0"

    /// Runs the command line and returns the exit code (0 all held, 1 a file could not be read,
    /// 64 a usage error); a violated property stops the process as it does under libFuzzer.
    public static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        if arguments.contains("--version") {
            print(version)
            return 0
        }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name), arguments.count > 1 else {
            FileHandle.standardError.write(Data("usage: handover-fuzz <target> <file or folder>...\n\(help)\n".utf8))
            return 64
        }
        var replayed = 0
        for path in arguments.dropFirst() {
            do {
                for file in try FuzzCorpus.files(at: path) {
                    target.check(try FuzzCorpus.read(file))
                    replayed += 1
                }
            } catch {
                FileHandle.standardError.write(Data("handover-fuzz: \(path): \(error)\n".utf8))
                return 1
            }
        }
        print("\(target.rawValue): \(replayed) inputs replayed, every property held")
        return 0
    }

    static var help: String {
        """
        handover-fuzz: fuzz targets for what faces the internet and what crosses Kafka.

        Built plainly (swift build), it replays saved inputs:
          handover-fuzz <target> <file or folder>...
        Built by scripts/fuzz (libFuzzer, AddressSanitizer), it fuzzes: see scripts/fuzz --help.

        Targets:
        \(FuzzTarget.allCases.map { "  \($0.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \($0.summary)" }.joined(separator: "\n"))

        Options: --help, --version. Exit codes: 0 every property held, 1 an input could not be read,
        64 usage; a violated property aborts with the property's name.
        """
    }
}

/// The inputs of a corpus folder (or one file), in a stable order.
public enum FuzzCorpus {
    /// Every regular file at `path`: the file itself, or the files of the folder (not recursive).
    public static func files(at path: String) throws -> [String] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        guard isFolder.boolValue else { return [path] }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            .filter { !$0.hasPrefix(".") }.map { path + "/" + $0 }
    }

    /// The bytes of `file`.
    public static func read(_ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: file)))
    }
}
