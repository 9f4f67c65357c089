import CCurl
import Foundation
import HuifangCore

/// One request in flight on the engine thread: its options, the headers it received, and
/// the completion that gets the answer. Touched only by the engine thread.
final class CurlTransfer: @unchecked Sendable {
    let request: WebhookRequest
    private var completion: (@Sendable (WebhookResponse) -> Void)?
    private var headers: HeaderBlock?
    private var retryAfter: String?

    init(request: WebhookRequest, completion: @escaping @Sendable (WebhookResponse) -> Void) {
        self.request = request
        self.completion = completion
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
    func configure(_ easy: UnsafeMutableRawPointer) -> WebhookResponse.TransportError? {
        guard request.url.hasPrefix("http://") || request.url.hasPrefix("https://") else {
            return .invalidURL("only http and https URLs are allowed")
        }
        huifang_easy_setopt_string(easy, CURLOPT_URL, request.url)
        huifang_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count))
        request.body.withUnsafeBufferPointer { buffer in
            // COPYPOSTFIELDS copies, so the Swift array need not outlive this call.
            _ = buffer.withMemoryRebound(to: CChar.self) { chars in
                huifang_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: chars.baseAddress ?? UnsafePointer(strdup(""))))
            }
        }
        huifang_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeoutMillis)
        huifang_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.connectTimeoutMillis)
        let block = HeaderBlock(request.headers)
        headers = block
        huifang_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, block.list)
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

    func finish(_ response: WebhookResponse) {
        let completion = self.completion
        self.completion = nil
        completion?(response)
    }
}

/// A request's header lines as a `curl_slist` in one allocation: the nodes, then the
/// NUL-terminated lines ("Expect:" first, so curl sends no `Expect: 100-continue`). libcurl
/// only reads the list, so it need not come from `curl_slist_append` (a malloc and a strdup
/// per line, and as many frees).
final class HeaderBlock {
    let list: UnsafeMutablePointer<curl_slist>
    private let memory: UnsafeMutableRawPointer

    init(_ headers: [(String, String)]) {
        let nodes = headers.count + 1
        var textBytes = "Expect:".utf8.count + 1
        for (name, value) in headers { textBytes += name.utf8.count + 2 + value.utf8.count + 1 }
        let nodeBytes = nodes * MemoryLayout<curl_slist>.stride
        memory = .allocate(byteCount: nodeBytes + textBytes, alignment: MemoryLayout<curl_slist>.alignment)
        list = memory.bindMemory(to: curl_slist.self, capacity: nodes)
        var text = (memory + nodeBytes).bindMemory(to: CChar.self, capacity: textBytes)
        var lineStart = text
        func put(_ part: String.UTF8View) {
            for byte in part {
                text.pointee = CChar(bitPattern: byte)
                text += 1
            }
        }
        func endLine() -> UnsafeMutablePointer<CChar> {
            text.pointee = 0
            text += 1
            defer { lineStart = text }
            return lineStart
        }
        put("Expect:".utf8)
        (list + 0).initialize(to: curl_slist(data: endLine(), next: nodes > 1 ? list + 1 : nil))
        for (index, (name, value)) in headers.enumerated() {
            put(name.utf8)
            put(": ".utf8)
            put(value.utf8)
            let node = index + 1
            (list + node).initialize(to: curl_slist(data: endLine(), next: node + 1 < nodes ? list + node + 1 : nil))
        }
    }

    deinit { memory.deallocate() }
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
