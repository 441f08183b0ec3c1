import Crypto

/// `appsecret_proof`: lowercase hex HMAC-SHA256 keyed with the app secret over the access token,
/// which Meta requires when "Require App Secret" is on and accepts always.
enum AppSecretProof {
    /// The proof for `accessToken` under `appSecret`.
    static func make(accessToken: String, appSecret: String) -> String {
        let key = SymmetricKey(data: Array(appSecret.utf8))
        let code = HMAC<SHA256>.authenticationCode(for: Array(accessToken.utf8), using: key)
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in code {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
