import Crypto
import Foundation
import Hummingbird
import NIOCore

/// The console's page, script, style sheet and icon, read once from the module's resources
/// (`Console/`): plain files, no build step.
struct ConsoleAssets: Sendable {
    /// One file as served.
    struct Asset: Sendable {
        var body: ByteBuffer
        var contentType: String
        /// A strong validator: the SHA-256 of the body.
        var etag: String
    }

    /// By file name.
    let files: [String: Asset]

    /// The files that make the console.
    static let names: [(file: String, type: String)] = [
        ("index.html", "text/html; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8"),
        ("console.css", "text/css; charset=utf-8"), ("icon.svg", "image/svg+xml"),
    ]

    /// Reads the files from the module's resource bundle; throws naming a missing one.
    static func load() throws -> ConsoleAssets {
        var files: [String: Asset] = [:]
        for (name, type) in names {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard let url = Bundle.module.url(forResource: parts[0], withExtension: parts[1], subdirectory: "Console"),
                let data = FileManager.default.contents(atPath: url.path)
            else { throw ConsoleAssetMissing(name: name) }
            let etag = "\"" + SHA256.hash(data: data).prefix(12).map { String(format: "%02x", $0) }.joined() + "\""
            files[name] = Asset(body: ByteBuffer(bytes: data), contentType: type, etag: etag)
        }
        return ConsoleAssets(files: files)
    }
}

/// The console's files are not where the build put them (an image that did not copy the
/// `*.resources` folder next to the executable).
struct ConsoleAssetMissing: Error, CustomStringConvertible {
    let name: String
    var description: String {
        "the agent console's \(name) is missing from the resource bundle next to the executable"
    }
}
