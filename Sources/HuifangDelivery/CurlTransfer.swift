import CCurl
import Foundation
import HuifangCore

/// One request in flight on the engine thread: its options, the headers it received, and
/// the completion that gets the answer. Made (with its header list) on the sender's thread,
/// then touched only by the engine thread until it is handed back to be freed.
final class CurlTransfer: @unchecked Sendable {
    let request: WebhookRequest
    private let completion: @Sendable (WebhookResponse) -> Void
    private var answered = false
    private let headerList: UnsafeMutablePointer<curl_slist>?
    private var retryAfter: String?

    init(request: WebhookRequest, completion: @escaping @Sendable (WebhookResponse) -> Void) {
        self.request = request
        self.completion = completion
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for (name, value) in request.headers {
            list = curl_slist_append(list, "\(name): \(value)")
        }
        headerList = list
    }

    deinit { curl_slist_free_all(headerList) }

    /// The options an easy handle kept from its last request: a handle is reused without
    /// `curl_easy_reset`, so what did not change need not be set (and parsed) again.
    struct HandleOptions {
        var url: String?
        var timeoutMillis = -1
        var connectTimeoutMillis = -1
    }

    /// A new easy handle with the options every request shares; `configure` adds the
    /// request's own. Handles are reused without `curl_easy_reset`, so every option a
    /// request sets is set again by the next one.
    static func makeHandle() -> UnsafeMutableRawPointer {
        let easy = curl_easy_init()!
        huifang_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        huifang_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        huifang_easy_setopt_long(easy, CURLOPT_POST, 1)
        huifang_easy_setopt_string(easy, CURLOPT_USERAGENT, "huifang/1")
        huifang_easy_setopt_write_cb(easy, CURLOPT_WRITEFUNCTION, CurlCallbacks.discardBody)
        huifang_easy_setopt_write_cb(easy, CURLOPT_HEADERFUNCTION, CurlCallbacks.collectHeader)
        return easy
    }

    /// Sets the easy handle up for this request; returns a problem instead when it cannot be.
    func configure(_ easy: UnsafeMutableRawPointer, options: inout HandleOptions) -> WebhookResponse.TransportError? {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            return .invalidURL("only http and https URLs are allowed")
        }
        if options.url != request.url {
            huifang_easy_setopt_string(easy, CURLOPT_URL, request.url)
            options.url = request.url
        }
        huifang_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
        request.body.withUnsafeBufferPointer { buffer in
            // COPYPOSTFIELDS copies, so the Swift array need not outlive this call.
            _ = buffer.withMemoryRebound(to: CChar.self) { chars in
                huifang_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: chars.baseAddress ?? UnsafePointer(strdup(""))))
            }
        }
        if options.timeoutMillis != request.timeoutMillis {
            huifang_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeoutMillis)
            options.timeoutMillis = request.timeoutMillis
        }
        if options.connectTimeoutMillis != request.connectTimeoutMillis {
            huifang_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMillis)
            options.connectTimeoutMillis = request.connectTimeoutMillis
        }
        huifang_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
        huifang_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, Unmanaged.passUnretained(self).toOpaque())
        return nil
    }

    func headerLine(_ line: String) {
        let parts = line.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "retry-after" else { return }
        retryAfter = parts[1].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func complete(easy: UnsafeMutableRawPointer, code: CURLcode) {
        guard code == CURLE_OK else {
            let detail = String(cString: curl_easy_strerror(code))
            let error: WebhookResponse.TransportError
            switch code {
            case CURLE_OPERATION_TIMEDOUT: error = .timeout
            case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: error = .dnsFailed(detail)
            case CURLE_COULDNT_CONNECT: error = .connectFailed(detail)
            case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: error = .invalidURL(detail)
            default: error = .other(detail)
            }
            finish(WebhookResponse(status: nil, transportError: error))
            return
        }
        var status = 0
        huifang_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        finish(WebhookResponse(status: status, retryAfter: retryAfter))
    }

    /// Answers once. The completion (and what it holds) is let go with the transfer.
    func finish(_ response: WebhookResponse) {
        guard !answered else { return }
        answered = true
        completion(response)
    }
}

/// libcurl callbacks: plain C functions in a nonisolated type, never closures from an
/// actor-isolated context (they run on the engine thread).
enum CurlCallbacks {
    static let discardBody: huifang_curl_write_cb = { _, size, count, _ in size * count }

    static let collectHeader: huifang_curl_write_cb = { pointer, size, count, context in
        let length = size * count
        guard let pointer, let context else { return length }
        let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
        // Only Retry-After matters; look at the name's bytes before making a String.
        let name = Array("retry-after:".utf8)
        guard length > name.count,
              zip(bytes.prefix(name.count), name).allSatisfy({ $0 | 0x20 == $1 | 0x20 }) else { return length }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        transfer.headerLine(String(decoding: bytes, as: UTF8.self))
        return length
    }
}
