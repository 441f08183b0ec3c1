import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// SIGINT (Ctrl-C), SIGTERM and SIGHUP as an async sequence, so the launcher stops its children in
/// order instead of dying with them half-drained.
public final class ShutdownSignals: Sendable {
    /// The signals as they arrive.
    public let signals: AsyncStream<Int32>
    // Dispatch sources are not Sendable; the lock makes holding them in a Sendable class sound.
    private let sources: Mutex<[any DispatchSourceSignal]>

    /// Starts catching the signals (their default action, ending the process, is switched off).
    public init() {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self)
        signals = stream
        sources = Mutex([SIGINT, SIGTERM, SIGHUP].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        })
    }

    deinit {
        sources.withLock { sources in
            for source in sources { source.cancel() }
        }
    }

    /// `SIGINT` as a name.
    public static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        default: "signal \(number)"
        }
    }
}
