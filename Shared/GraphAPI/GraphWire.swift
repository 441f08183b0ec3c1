import MessengerPlatform

/// The JSON bodies of Graph calls and answers, exactly as Meta spells them. Internal: callers see
/// the typed values (`ThreadOwnership`, `SentMessage`, …).
enum GraphWire {
    struct Recipient: Codable {
        var id: String
    }

    /// Body of pass / take / request / release / extend.
    struct ControlBody: Encodable {
        var recipient: Recipient
        var targetAppID: AppID?
        var metadata: String?
        var duration: Int?

        enum CodingKeys: String, CodingKey {
            case recipient, metadata, duration
            case targetAppID = "target_app_id"
        }
    }

    /// Body of `POST /me/messages`.
    struct SendBody: Encodable {
        struct Message: Encodable {
            var text: String?
            var attachment: Attachment?
            var quickReplies: [QuickReplyBody]?
            var metadata: String?

            enum CodingKeys: String, CodingKey {
                case text, metadata, attachment
                case quickReplies = "quick_replies"
            }
        }

        /// `{"type":"image","payload":{"url":"…","is_reusable":false}}`.
        struct Attachment: Encodable {
            struct Payload: Encodable {
                var url: String
            }

            var type: String
            var payload: Payload
        }

        struct QuickReplyBody: Encodable {
            var contentType: String
            var title: String?
            var payload: String?
            var imageURL: String?

            enum CodingKeys: String, CodingKey {
                case title, payload
                case contentType = "content_type"
                case imageURL = "image_url"
            }
        }

        struct ThreadControl: Encodable {
            var controlType: String
            var appID: AppID?

            enum CodingKeys: String, CodingKey {
                case controlType = "control_type"
                case appID = "app_id"
            }
        }

        var recipient: Recipient
        var messagingType: String
        var tag: String?
        var message: Message
        var threadControl: ThreadControl?
        var personaID: String?

        enum CodingKeys: String, CodingKey {
            case recipient, tag, message
            case messagingType = "messaging_type"
            case threadControl = "thread_control"
            case personaID = "persona_id"
        }
    }

    /// Body of a `sender_action` (`typing_on`, `typing_off`, `mark_seen`) on `POST /me/messages`.
    struct SenderActionBody: Encodable {
        var recipient: Recipient
        var senderAction: String
        var personaID: String?

        enum CodingKeys: String, CodingKey {
            case recipient
            case senderAction = "sender_action"
            case personaID = "persona_id"
        }
    }

    /// `{"success":true}`, also the first of take's two answer shapes.
    struct SuccessAnswer: Decodable {
        var success: Bool?
    }

    /// One `thread_owner` object; under Conversation Routing an app that is neither the owner nor
    /// the default app gets it without `app_id`.
    struct OwnerBody: Decodable {
        var appID: AppID?
        var expiration: FlexibleInt?

        enum CodingKeys: String, CodingKey {
            case appID = "app_id"
            case expiration
        }

        var ownership: ThreadOwnership {
            let milliseconds = expiration.map { ThreadOwner.milliseconds(fromExpiration: Int64($0.value)) }
            guard let appID else { return .ownedByAnotherApp(expiration: milliseconds) }
            return .owned(ThreadOwner(appID: appID, expiration: milliseconds))
        }
    }

    struct OwnerEntry: Decodable {
        var threadOwner: OwnerBody?

        enum CodingKeys: String, CodingKey {
            case threadOwner = "thread_owner"
        }
    }

    /// `thread_owner` and take's second shape: `{"data":[{"thread_owner":{…}}]}`, `{"data":[]}`
    /// (idle), or `{"thread_owner":{…}}` without `data`; take may also say `success`.
    struct OwnerAnswer: Decodable {
        var data: [OwnerEntry]?
        var threadOwner: OwnerBody?
        var success: Bool?

        enum CodingKeys: String, CodingKey {
            case data, success
            case threadOwner = "thread_owner"
        }

        /// What the answer says: the first `thread_owner` object, or idle when there is none.
        var ownership: ThreadOwnership {
            (threadOwner ?? data?.lazy.compactMap(\.threadOwner).first)?.ownership ?? .idle
        }

        /// The owner when the answer names it.
        var owner: ThreadOwner? { ownership.owner }
    }

    struct ReceiversAnswer: Decodable {
        struct Receiver: Decodable {
            var id: AppID
            var name: String?
        }

        var data: [Receiver]
    }

    struct FeatureStatusAnswer: Decodable {
        var messagingFeatureStatus: [String: Bool]
        var id: String?

        enum CodingKeys: String, CodingKey {
            case id
            case messagingFeatureStatus = "messaging_feature_status"
        }
    }

    struct SendAnswer: Decodable {
        var recipientID: String
        var messageID: String

        enum CodingKeys: String, CodingKey {
            case recipientID = "recipient_id"
            case messageID = "message_id"
        }
    }
}
