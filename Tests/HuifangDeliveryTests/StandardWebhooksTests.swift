import Crypto
import Foundation
@testable import HuifangDelivery
import Testing

@Suite struct StandardWebhooksTests {
    let secret = try! WebhookSecret(parsing: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")

    @Test("R-DLV-2 the signature matches the Standard Webhooks reference vector")
    func referenceVector() {
        let signature = StandardWebhooks.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330,
            body: Array(#"{"test": 2432232314}"#.utf8), secret: secret)
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("R-DLV-2 a UTF-8 body with Chinese text signs as the reference library signs it")
    func chineseBody() throws {
        let zeroKey = try WebhookSecret(parsing: "whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        let signature = StandardWebhooks.signature(
            id: "msg_01M83Q7ZD2DR1XFM9GK7V7BXZ3", timestamp: 1_790_000_000,
            body: Array(#"{"text":"王女士您好"}"#.utf8), secret: zeroKey)
        #expect(signature == "v1,HZhimU1H32mymq9E1yUCf9x3eMB4QZ/YIpwUSfYW9z4=")
    }

    @Test("The HMAC-SHA256 behind the signature computes what swift-crypto's HMAC does, for keys shorter, as long as and longer than a block")
    func hmacMatchesSwiftCrypto() {
        var random = SystemRandomNumberGenerator()
        for keyLength in [0, 1, 24, 32, 63, 64, 65, 100, 200] {
            let key = (0..<keyLength).map { _ in UInt8.random(in: 0...255, using: &random) }
            for messageLength in [0, 1, 55, 56, 64, 300, 1000] {
                let message = (0..<messageLength).map { _ in UInt8.random(in: 0...255, using: &random) }
                let ours = message.withUnsafeBytes { HMACSHA256(key: key).code(for: $0) }
                let theirs = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: key))
                #expect(Array(ours) == Array(theirs), "key \(keyLength) bytes, message \(messageLength) bytes")
            }
        }
    }

    @Test("R-DLV-2 headers carry id, timestamp and one signature per secret, space-separated (the signing side of key rotation; channels take one secret so far)")
    func headersWithRotation() throws {
        let next = try WebhookSecret(parsing: WebhookSecret.generateText())
        let body = Array("{}".utf8)
        let headers = Dictionary(uniqueKeysWithValues: StandardWebhooks.headers(
            id: "msg_x", timestamp: 42, body: body, secrets: [secret, next]))
        #expect(headers["webhook-id"] == "msg_x")
        #expect(headers["webhook-timestamp"] == "42")
        #expect(headers["content-type"] == "application/json")
        let parts = try #require(headers["webhook-signature"]).split(separator: " ")
        #expect(parts.count == 2)
        for key in [secret, next] {
            #expect(StandardWebhooks.verify(id: "msg_x", timestamp: 42, body: body,
                                            signatureHeader: headers["webhook-signature"]!, secret: key))
        }
        #expect(!StandardWebhooks.verify(id: "msg_x", timestamp: 43, body: body,
                                         signatureHeader: headers["webhook-signature"]!, secret: secret))
        #expect(!StandardWebhooks.verify(id: "msg_x", timestamp: 42, body: Array("{ }".utf8),
                                         signatureHeader: headers["webhook-signature"]!, secret: secret))
    }

    @Test("R-DLV-1 secrets must be whsec_ followed by base64 of at least 24 bytes")
    func secretParsing() {
        #expect(throws: WebhookSecret.ParseError.missingPrefix) { try WebhookSecret(parsing: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw") }
        #expect(throws: WebhookSecret.ParseError.notBase64) { try WebhookSecret(parsing: "whsec_not base64!") }
        #expect(throws: WebhookSecret.ParseError.tooShort) { try WebhookSecret(parsing: "whsec_c2hvcnQ=") }
        #expect(WebhookSecret.generateText().hasPrefix("whsec_"))
        #expect((try? WebhookSecret(parsing: WebhookSecret.generateText()))?.key.count == 32)
    }
}

@Suite struct Base64Tests {
    @Test("the signature's base64 writer agrees with Foundation's for every length and padding")
    func agreesWithFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let written = bytes.withUnsafeBytes { input in
                String(unsafeUninitializedCapacity: (length + 2) / 3 * 4) { Base64.encode(input, into: $0) }
            }
            #expect(written == Data(bytes).base64EncodedString(), "length \(length)")
        }
    }
}
