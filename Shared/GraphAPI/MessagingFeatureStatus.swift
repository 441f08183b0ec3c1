/// The Page's `messaging_feature_status`: which multi-app features Meta has switched on.
public struct MessagingFeatureStatus: Sendable, Hashable {
    /// Every flag as Meta sent it, e.g. `hop_v2`, `msgr_multi_app`, `ig_multi_app`.
    public var flags: [String: Bool]
    /// The Page id, when the answer carries it.
    public var pageID: String?

    /// Creates a status.
    public init(flags: [String: Bool], pageID: String? = nil) {
        self.flags = flags
        self.pageID = pageID
    }

    /// `hop_v2`: Handover Protocol v2.
    public var handoverProtocolV2: Bool { flags["hop_v2"] ?? false }
    /// `msgr_multi_app`: several apps may handle Messenger conversations (Conversation Routing).
    public var messengerMultiApp: Bool { flags["msgr_multi_app"] ?? false }
    /// `ig_multi_app`: the same for Instagram.
    public var instagramMultiApp: Bool { flags["ig_multi_app"] ?? false }
}
