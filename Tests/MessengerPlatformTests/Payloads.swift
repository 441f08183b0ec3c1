/// Webhook payloads in every form of docs/protocol.md, "Webhooks", shared by the suites.
enum Payloads {
    static let pageID = "PAGE1"
    static let userID = "USER1"

    /// Wraps items in a one-entry body under `messaging` or `standby`.
    static func body(_ placement: String = "messaging", page: String = #""PAGE1""#, items: [String]) -> String {
        #"{"object":"page","entry":[{"id":\#(page),"time":1458692752478,"\#(placement)":[\#(items.joined(separator: ","))]}]}"#
    }

    static let message =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":1458692752478,"message":{"mid":"m_1","text":"hello"}}"#
    static let quickReply =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":2,"message":{"mid":"m_qr","text":"Red","quick_reply":{"payload":"COLOR_RED"}}}"#
    static let attachments =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":3,"message":{"mid":"m_att","attachments":[{"type":"image","payload":{"url":"https://x/y.png"}},{"type":"fallback"},{"type":"ig_reel","payload":{"url":"https://x/r"}}]}}"#
    static let echo =
        #"{"sender":{"id":"PAGE1"},"recipient":{"id":"USER1"},"timestamp":4,"message":{"is_echo":true,"app_id":263902037430900,"metadata":"agent","mid":"m_echo","text":"hi from inbox"}}"#
    static let echoStringAppID =
        #"{"sender":{"id":"PAGE1"},"recipient":{"id":"USER1"},"timestamp":4,"message":{"is_echo":true,"app_id":"263902037430900","mid":"m_echo2","text":"x"}}"#
    static let postback =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":5,"postback":{"mid":"m_pb","title":"Start","payload":"GET_STARTED"}}"#
    static let postbackWithoutPayload =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":5,"postback":{"title":"Start"}}"#
    static let read =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":6,"read":{"watermark":1458668856253}}"#
    static let delivery =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"delivery":{"mids":["m_1"],"watermark":1458668856253}}"#
    static let reaction =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":7,"reaction":{"mid":"m_1","action":"react","reaction":"love","emoji":"\u2764"}}"#
    static let referral =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":8,"referral":{"ref":"promo","source":"SHORTLINK","type":"OPEN_THREAD"}}"#
    static let optin =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":9,"optin":{"ref":"plugin","user_ref":"UR1"}}"#
    static let policyEnforcement =
        #"{"recipient":{"id":"PAGE1"},"timestamp":10,"policy_enforcement":{"action":"block","reason":"spam"}}"#
    static let policyEnforcementHyphen =
        #"{"recipient":{"id":"PAGE1"},"timestamp":10,"policy-enforcement":{"action":"unblock"}}"#
    static let passStrings =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":11,"pass_thread_control":{"previous_owner_app_id":"1111","new_owner_app_id":"263902037430900","metadata":"to agents"}}"#
    static let passNumbers =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":11,"pass_thread_control":{"previous_owner_app_id":1111,"new_owner_app_id":263902037430900}}"#
    static let passFromIdle =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":12,"pass_thread_control":{"previous_owner_app_id":null,"new_owner_app_id":"2222"}}"#
    static let takeNumbers =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":13,"take_thread_control":{"previous_owner_app_id":263902037430900,"new_owner_app_id":1111,"metadata":"bot back"}}"#
    static let takeOld =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":13,"take_thread_control":{"previous_owner_app_id":"2222"}}"#
    static let requestFromInbox =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":14,"request_thread_control":{"requested_owner_app_id":263902037430900,"metadata":"agent wants it"}}"#
    static let appRoles =
        #"{"recipient":{"id":"PAGE1"},"timestamp":15,"app_roles":{"1111":["primary_receiver"],"263902037430900":["secondary_receiver"]}}"#
    static let unknown =
        #"{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":16,"message_edit":{"mid":"m_1","text":"edited","num_edit":1}}"#
    /// The real standby capture quoted in docs/protocol.md, "Webhooks".
    static let standbyCapture =
        #"{"object":"page","entry":[{"id":"PAGE1","time":1537457946051,"standby":[{"sender":{"id":"USER1"},"recipient":{"id":"PAGE1"},"timestamp":1537457944811,"message":{"mid":"MID","seq":513595,"text":"foo"}}]}]}"#
}

extension String {
    /// The UTF-8 bytes of the string.
    var bytes: [UInt8] { Array(utf8) }
}
