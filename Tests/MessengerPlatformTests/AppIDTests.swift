import Foundation
import MessengerPlatform
import Testing

@Suite("App ids")
struct AppIDTests {
    private struct Holder: Codable, Equatable {
        var id: AppID
    }

    @Test(
        "Ids decode from strings and from integer numbers to the same value",
        arguments: [
            (#"{"id":"263902037430900"}"#, "263902037430900"), (#"{"id":263902037430900}"#, "263902037430900"),
            (#"{"id":"1217981644879628"}"#, "1217981644879628"), (#"{"id":1217981644879628}"#, "1217981644879628"),
            (#"{"id":9223372036854775807}"#, "9223372036854775807"),
            (#"{"id":18446744073709551615}"#, "18446744073709551615"), (#"{"id":"abc"}"#, "abc"),
        ])
    func decodesStringOrNumber(_ json: String, _ expected: String) throws {
        let holder = try JSONDecoder().decode(Holder.self, from: Data(json.utf8))
        #expect(holder.id.rawValue == expected)
        #expect(holder.id == AppID(expected))
    }

    @Test func pageInboxStringAndNumberAreEqual() throws {
        let string = try JSONDecoder().decode(Holder.self, from: Data(#"{"id":"263902037430900"}"#.utf8))
        let number = try JSONDecoder().decode(Holder.self, from: Data(#"{"id":263902037430900}"#.utf8))
        #expect(string.id == number.id)
        #expect(number.id == .pageInbox)
        #expect(AppID(Int64(263_902_037_430_900)) == .pageInbox)
        #expect(AppID.instagramInbox.rawValue == "1217981644879628")
        #expect(AppID.pageInbox.isInbox && AppID.instagramInbox.isInbox && !AppID("26390203743090").isInbox)
    }

    @Test("Non-integer ids are rejected", arguments: [#"{"id":2.5}"#, #"{"id":true}"#, #"{"id":{}}"#, #"{"id":null}"#])
    func rejectsNonIntegers(_ json: String) {
        #expect(throws: (any Error).self) { try JSONDecoder().decode(Holder.self, from: Data(json.utf8)) }
    }

    @Test func encodesAsStringAndWorksAsDictionaryKey() throws {
        let data = try JSONEncoder().encode(Holder(id: .pageInbox))
        #expect(String(decoding: data, as: UTF8.self) == #"{"id":"263902037430900"}"#)
        let roles: [AppID: [String]] = [.pageInbox: ["secondary_receiver"]]
        let encoded = try JSONEncoder().encode(roles)
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"263902037430900":["secondary_receiver"]}"#)
        #expect(try JSONDecoder().decode([AppID: [String]].self, from: encoded) == roles)
        #expect("\(AppID.pageInbox)" == "263902037430900")
    }
}
