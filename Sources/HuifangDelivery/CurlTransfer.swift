import CCurl
import Foundation
import HuifangCore

/// One request in flight on the engine thread: its options, its header list and body, and
/// the completion that gets the answer. Made (with its header list) on the sender's thread,
/// then touched only by the engine thread until it is handed back to be freed.
final class CurlTransfer: @unchecked Sendable {
    let request: WebhookRequest
    private let completion: @Sendable (WebhookResponse) -> Void
    private var answered = false
    /// The request's header lines as a `curl_slist` laid out in one allocation (nodes, then
    /// the lines): libcurl only reads an application's list, so it need not be built node by
    /// node with `curl_slist_append` (two allocations per header).
    private let headerBlock: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist> { headerBlock.assumingMemoryBound(to: curl_slist.self) }
    /// The body, handed to libcurl without a copy (`CURLOPT_POSTFIELDS`): it lives as long
    /// as the transfer, which is freed only after libcurl let go of it.
    private let body: UnsafeMutableRawBufferPointer

    init(request: WebhookRequest, completion: @escaping @Sendable (WebhookResponse) -> Void) {
        self.request = request
        self.completion = completion
        headerBlock = Self.headerBlock(request.headers)
        body = .allocate(byteCount: max(request.body.count, 1), alignment: 1)
        body.copyBytes(from: request.body)
    }

    deinit {
        headerBlock.deallocate()
        body.deallocate()
    }

    /// "Expect:" (no 100-continue round trip) and `name: value` for each header, NUL-ended.
    private static func headerBlock(_ headers: [(String, String)]) -> UnsafeMutableRawPointer {
        let count = headers.count + 1
        let nodes = count * MemoryLayout<curl_slist>.stride
        let text = headers.reduce(8) { $0 + $1.0.utf8.count + 2 + $1.1.utf8.count + 1 }
        let block = UnsafeMutableRawPointer.allocate(byteCount: nodes + text, alignment: MemoryLayout<curl_slist>.alignment)
        let list = block.bindMemory(to: curl_slist.self, capacity: count)
        var cursor = (block + nodes).assumingMemoryBound(to: UInt8.self)
        // Copied whole from the string's UTF-8 storage (byte by byte, through the generic
        // UTF8View, it cost 3% of the scheduler's loop).
        func write(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return }
                cursor.update(from: base, count: bytes.count)
                cursor += bytes.count
            }
        }
        func endLine(from start: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<CChar> {
            cursor.pointee = 0
            cursor += 1
            return UnsafeMutableRawPointer(start).assumingMemoryBound(to: CChar.self)
        }
        var start = cursor
        write("Expect:")
        list.initialize(to: curl_slist(data: endLine(from: start), next: count > 1 ? list + 1 : nil))
        for (index, (name, value)) in headers.enumerated() {
            start = cursor
            write(name)
            write(": ")
            write(value)
            (list + index + 1).initialize(to: curl_slist(data: endLine(from: start), next: index + 2 < count ? list + index + 2 : nil))
        }
        return block
    }

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
        huifang_easy_setopt_pointer(easy, CURLOPT_POSTFIELDS, body.baseAddress)
        if options.timeoutMillis != request.timeoutMillis {
            huifang_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeoutMillis)
            options.timeoutMillis = request.timeoutMillis
        }
        if options.connectTimeoutMillis != request.connectTimeoutMillis {
            huifang_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMillis)
            options.connectTimeoutMillis = request.connectTimeoutMillis
        }
        huifang_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
        return nil
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
        // libcurl keeps the response's headers; only a refusal's Retry-After is read, so a
        // delivery pays no callback per header line.
        var retryAfter: String?
        if !(200..<300).contains(status), let value = huifang_easy_header_value(easy, "Retry-After") {
            retryAfter = String(cString: value).trimmingCharacters(in: .whitespaces)
        }
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
}
