import CurlHTTP
import Foundation
import Kafka
import MessengerPlatform
import ServiceKit

/// The events a benchmark feeds in: webhook bodies as Meta sends them, and the Kafka records the
/// ingress would make of them (same splitting, same record value and headers), for runs that
/// write to Kafka directly.
struct EventLoad: Sendable {
    /// What a user does.
    enum Action: Sendable {
        /// Text `m<k>`: the bot answers `r<k>` with one Send call.
        case message(Int)
        /// A reaction: the bot stays quiet (no Graph call), so only the runtime is measured.
        case reaction(Int)
        /// The bot passes the thread to the app `newOwner` (a handoff: the agent desk queues it).
        case handoff(from: String, to: String)
    }

    let pageID: String
    let appID: String
    let topics: MessengerTopics
    /// Makes event ids unique per run, so the workers' duplicate filter never fires.
    let runTag: String

    /// One webhook item of `psid` (the JSON of `entry[].messaging[]`).
    func item(psid: String, action: Action, timestamp: Int64) -> String {
        switch action {
        case .message(let k):
            return
                #"{"sender":{"id":"\#(psid)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"message":{"mid":"m_\#(runTag)_\#(psid)_\#(k)","text":"m\#(k)"}}"#
        case .handoff(let from, let to):
            return
                #"{"sender":{"id":"\#(psid)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"pass_thread_control":{"previous_owner_app_id":"\#(from)","new_owner_app_id":"\#(to)","metadata":"bench"}}"#
        case .reaction(let k):
            return
                #"{"sender":{"id":"\#(psid)"},"recipient":{"id":"\#(pageID)"},"timestamp":\#(timestamp),"reaction":{"mid":"m_\#(runTag)_\#(psid)_r\#(k)","action":"react","reaction":"love","emoji":"\u2764"}}"#
        }
    }

    /// A webhook body carrying `items`.
    func webhook(items: [String], time: Int64) -> [UInt8] {
        Array(
            #"{"object":"page","entry":[{"id":"\#(pageID)","time":\#(time),"messaging":[\#(items.joined(separator: ","))]}]}"#
                .utf8)
    }

    /// The records the ingress would publish for this webhook body.
    func records(webhook body: [UInt8], receivedAt: Int64) throws -> [KafkaProducerRecord] {
        try WebhookBody.split(body).map { item in
            let record = EventRecord(item: item, appID: AppID(appID), receivedAt: receivedAt)
            return KafkaProducerRecord(
                topic: topics.topic(for: item.kind), key: Array(record.recordKey.utf8), value: record.encoded(),
                headers: RecordHeaders(record: record).fields.map { KafkaHeader(key: $0.name, value: $0.value) })
        }
    }

    /// `perThread` events for each of `threads` users, interleaved the way concurrent
    /// conversations arrive (round k of every thread before round k+1), as Kafka records.
    func conversationRecords(threads: [String], perThread: Int, action: (Int) -> Action) throws -> [KafkaProducerRecord]
    {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var result: [KafkaProducerRecord] = []
        result.reserveCapacity(threads.count * perThread)
        for k in 0..<perThread {
            for psid in threads {
                let body = webhook(items: [item(psid: psid, action: action(k), timestamp: now + Int64(k))], time: now)
                result += try records(webhook: body, receivedAt: now)
            }
        }
        return result
    }

    /// Produces `records` in order (sequential sends keep each thread's records in order).
    static func produce(_ records: [KafkaProducerRecord], producer: KafkaProducer, batch: Int = 5_000) async throws {
        for start in stride(from: 0, to: records.count, by: batch) {
            try await producer.send(Array(records[start..<min(records.count, start + batch)]))
        }
    }
}

extension EventLoad {
    /// A POST of the webhook `body` to `url`, signed with `secret` as Meta signs it.
    static func signedPost(_ body: [UInt8], to url: String, secret: String) -> CurlRequest {
        CurlRequest(
            method: "POST", url: url,
            headers: [
                CurlHeader(name: "Content-Type", value: "application/json"),
                CurlHeader(
                    name: WebhookSignature.sha256HeaderName, value: WebhookSignature.sign256(body: body, secret: secret)
                ),
            ], body: body)
    }
}
