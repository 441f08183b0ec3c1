import Foundation
import Kafka
import MessengerPlatform

/// Kafka records of webhook events exactly as the ingress writes them, for tests of workers:
/// a webhook body is built around the item, split by `WebhookBody`, turned into an `EventRecord`
/// for the receiving app, and keyed by thread with the contract headers.
///
/// ```swift
/// let item = WorkerTestRecords.message(pageID: "9", userID: "u1", mid: "m1", text: "hi", timestamp: 1)
/// let record = try WorkerTestRecords.record(item: item, pageID: "9", appID: "1", topicPrefix: "t.")
/// ```
public enum WorkerTestRecords {
    /// `messaging` (the owner's copy) or `standby` (the other apps' copy).
    public enum Placement: String, Sendable {
        case messaging
        case standby
    }

    /// A user's text message.
    public static func message(pageID: String, userID: String, mid: String, text: String, timestamp: Int64) -> String {
        #"{"sender":{"id":"\#(userID)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"message":{"mid":"\#(mid)","text":"\#(text)"}}"#
    }

    /// The echo of a message the Page sent through `appID`, with the `metadata` the app attached.
    public static func echo(
        pageID: String, userID: String, mid: String, appID: String, text: String, timestamp: Int64,
        metadata: String? = nil
    ) -> String {
        let metadataField = metadata.map { #","metadata":"\#($0)""# } ?? ""
        return
            #"{"sender":{"id":"\#(pageID)"},"recipient":{"id":"\#(userID)"},"timestamp":\#(timestamp),"message":{"mid":"\#(mid)","is_echo":true,"app_id":\#(appID)\#(metadataField),"text":"\#(text)"}}"#
    }

    /// A read receipt.
    public static func read(pageID: String, userID: String, timestamp: Int64) -> String {
        #"{"sender":{"id":"\#(userID)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"read":{"watermark":\#(timestamp)}}"#
    }

    /// A delivery receipt.
    public static func delivery(pageID: String, userID: String, timestamp: Int64) -> String {
        #"{"sender":{"id":"\#(userID)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"delivery":{"watermark":\#(timestamp)}}"#
    }

    /// `pass_thread_control` from `previousOwner` (nil: idle) to `newOwner`.
    public static func pass(pageID: String, userID: String, previousOwner: String?, newOwner: String, timestamp: Int64)
        -> String
    {
        let previous = previousOwner.map { "\"\($0)\"" } ?? "null"
        return
            #"{"sender":{"id":"\#(userID)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"pass_thread_control":{"previous_owner_app_id":\#(previous),"new_owner_app_id":"\#(newOwner)","metadata":"test"}}"#
    }

    /// `take_thread_control` from `previousOwner` by `newOwner` (omitted when nil, as older payloads do).
    public static func take(pageID: String, userID: String, previousOwner: String, newOwner: String?, timestamp: Int64)
        -> String
    {
        let new = newOwner.map { #","new_owner_app_id":"\#($0)""# } ?? ""
        return
            #"{"sender":{"id":"\#(userID)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"take_thread_control":{"previous_owner_app_id":"\#(previousOwner)"\#(new),"metadata":"test"}}"#
    }

    /// `request_thread_control` by `requestedOwner`.
    public static func request(pageID: String, userID: String, requestedOwner: String, timestamp: Int64) -> String {
        #"{"sender":{"id":"\#(userID)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"request_thread_control":{"requested_owner_app_id":\#(requestedOwner),"metadata":"test"}}"#
    }

    /// `app_roles` of the Page: app id → role (`primary_receiver`, `secondary_receiver`).
    public static func appRoles(pageID: String, roles: [String: String], timestamp: Int64) -> String {
        let members = roles.keys.sorted().map { #""\#($0)":["\#(roles[$0]!)"]"# }.joined(separator: ",")
        return #"{"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"app_roles":{\#(members)}}"#
    }

    /// The record the ingress writes for `item` received by `appID`'s webhook: topic
    /// `<topicPrefix><kind>`, key `<page>:<user>` (or the page), contract value and headers.
    public static func record(
        item: String, pageID: String, appID: String, topicPrefix: String, placement: Placement = .messaging,
        receivedAt: Int64 = 1_700_000_000_000
    ) throws -> KafkaProducerRecord {
        let body =
            #"{"object":"page","entry":[{"id":"\#(pageID)","time":\#(receivedAt),"\#(placement.rawValue)":[\#(item)]}]}"#
        let items = try WebhookBody.split(Array(body.utf8))
        guard items.count == 1 else { throw BuildError(reason: "expected one item, got \(items.count)") }
        let event = EventRecord(item: items[0], appID: AppID(appID), receivedAt: receivedAt)
        return KafkaProducerRecord(
            topic: topicPrefix + event.kind.topicSuffix, key: event.recordKey, value: event.encoded(),
            headers: RecordHeaders(record: event).fields.map { KafkaHeader(key: $0.name, value: $0.value) })
    }

    /// A test-side failure to build a record.
    public struct BuildError: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }
}
