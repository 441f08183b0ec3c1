import Foundation
import MessengerPlatform
import WorkerKit

/// Writes one JSON line on stdout for every change of thread control (pass, take) and of app
/// roles, once per change: several apps' webhooks carry the same change, so it listens to all
/// apps and deduplicates by the change itself (type, thread, time, new owner) instead of event id.
struct ControlChangeAudit: EventHandler {
    let kinds: Set<EventKind> = [.handovers, .appRole]
    var acceptsAllApps: Bool { true }

    func deduplicationKey(for event: WorkerEvent) -> String {
        let change = event.messaging
        let to = change?.passThreadControl?.newOwner ?? change?.takeThreadControl?.newOwner
        return "\(event.type)|\(event.record.recordKey)|\(event.record.timestamp ?? 0)|\(to?.rawValue ?? "-")"
    }

    func handle(_ event: WorkerEvent, context: WorkerContext) async throws {
        guard let change = event.messaging else { return }
        var fields: [(String, String?)] = [
            ("page_id", event.record.pageID), ("user_id", event.record.userID), ("type", event.type.rawValue),
        ]
        if let pass = change.passThreadControl {
            fields += [("from", pass.previousOwner?.rawValue), ("to", pass.newOwner.rawValue)]
        } else if let take = change.takeThreadControl {
            let to = take.newOwner ?? context.ownership.primary(ofPage: event.record.pageID)
            fields += [("from", take.previousOwner.rawValue), ("to", to?.rawValue)]
        } else if let roles = change.appRoles {
            fields += roles.keys.map(\.rawValue).sorted().map {
                ("role:" + $0, roles[AppID($0)]!.joined(separator: ","))
            }
        } else {
            return  // A request changes nothing until the owner passes.
        }
        fields += [("app_id", event.record.appID.rawValue), ("event_id", event.id)]
        let ts = Date(timeIntervalSince1970: Double(event.record.timestamp ?? event.record.receivedAt) / 1000)
        let members = [("ts", Date.ISO8601FormatStyle(includingFractionalSeconds: true).format(ts))] + fields
        let line =
            "{"
            + members.map { "\(JSONString.quoted($0.0)):\($0.1.map(JSONString.quoted) ?? "null")" }.joined(
                separator: ",")
            + "}\n"
        FileHandle.standardOutput.write(Data(line.utf8))
    }
}
