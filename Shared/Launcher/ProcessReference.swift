import Foundation

/// Foundation's `Process`, which is not `Sendable`, held only to keep it alive.
final class ProcessReference: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
}
