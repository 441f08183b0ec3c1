import Dispatch
import Foundation
import Launcher

/// While alive, SIGINT and SIGTERM kill every child service before the benchmark exits, so an
/// interrupted run leaves no broker or worker behind.
final class InterruptGuard: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init() {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                ChildProcess.killEveryChild()
                exit(130)
            }
            source.resume()
            return source
        }
    }

    /// Restores the default handling.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
