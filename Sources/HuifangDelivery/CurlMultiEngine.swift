import CCurl
import Foundation
import HuifangCore
import Synchronization

/// Webhook delivery on libcurl multi handles, each driven by its own thread (DESIGN
/// "Delivery"): callers hand in requests through a locked queue and `curl_multi_wakeup`;
/// connections are kept alive and reused per endpoint by each multi handle's connection cache.
///
/// With more than one thread, requests are dealt out in turn. On a busy machine the
/// receiver a request wakes often takes the sending thread's core; a second engine thread
/// keeps the other core sending meanwhile.
public final class CurlMultiEngine: WebhookSender, Sendable {
    private let workers: [CurlWorker]
    private let next = Atomic<UInt>(0)

    /// `maxTotalConnections` is shared out among the `threads`.
    public init(maxTotalConnections: Int = 64, threads: Int = 1) {
        CurlGlobal.initialize()
        let count = max(1, threads)
        let share = max(1, (maxTotalConnections + count - 1) / count)
        workers = (0..<count).map { _ in CurlWorker(maxConnections: share) }
    }

    public func send(_ request: WebhookRequest, completion: @escaping @Sendable (WebhookResponse) -> Void) {
        send([(request: request, completion: completion)])
    }

    /// Deals the batch out in turn, and hands each thread its share in one step.
    public func send(_ batch: [(request: WebhookRequest, completion: @Sendable (WebhookResponse) -> Void)]) {
        guard !batch.isEmpty else { return }
        let first = workers.count == 1 ? 0 : Int(next.wrappingAdd(UInt(batch.count), ordering: .relaxed).oldValue % UInt(workers.count))
        var shares = Array(repeating: [CurlTransfer](), count: workers.count)
        for (index, item) in batch.enumerated() {
            shares[(first + index) % workers.count].append(CurlTransfer(request: item.request, completion: item.completion))
        }
        for (worker, share) in zip(workers, shares) where !share.isEmpty { worker.take(share) }
    }

    /// Stops the engine; transfers still running are answered with a transport error.
    public func shutdown() {
        for worker in workers { worker.shutdown() }
    }
}

/// One multi handle and the thread that drives it.
///
/// The thread is the pipeline's narrowest point, so it does only libcurl's work: a
/// request's header list is built by the caller, and finished transfers (their bodies,
/// headers and completions) are freed on the caller's thread when it next sends, not here.
private final class CurlWorker: Sendable {
    private struct Shared {
        var incoming: [CurlTransfer] = []
        /// Finished transfers, let go by the next caller of `take`.
        var retired: [CurlTransfer] = []
        var running = true
    }

    private let multi: CurlHandle
    private let shared = Mutex(Shared())
    private let stopped = DispatchSemaphore(value: 0)

    init(maxConnections: Int) {
        multi = CurlHandle(curl_multi_init())
        huifang_multi_setopt_long(multi.raw, CURLMOPT_MAX_TOTAL_CONNECTIONS, maxConnections)
        // Keep as many idle connections as may be open: the default cache follows the number
        // of handles added, which falls between bursts, and a closed connection costs a new
        // one (about 1 request in 100 opened a connection before).
        huifang_multi_setopt_long(multi.raw, CURLMOPT_MAXCONNECTS, maxConnections)
        Thread { [self] in self.runLoop() }.start()
    }

    /// Queues transfers for the engine thread, in one step: one lock, and a wake-up only when
    /// the queue was empty (the thread takes the whole queue when it wakes).
    func take(_ transfers: [CurlTransfer]) {
        var retired: [CurlTransfer] = []
        let (accepted, wake) = shared.withLock { state -> (Bool, Bool) in
            swap(&retired, &state.retired)
            guard state.running else { return (false, false) }
            let wasEmpty = state.incoming.isEmpty
            state.incoming.append(contentsOf: transfers)
            return (true, wasEmpty)
        }
        retired.removeAll()
        if accepted {
            if wake { curl_multi_wakeup(multi.raw) }
        } else {
            for transfer in transfers { transfer.finish(WebhookResponse(status: nil, transportError: .other("engine stopped"))) }
        }
    }

    /// Stops the engine; transfers still running are answered with a transport error.
    func shutdown() {
        let wasRunning = shared.withLock { state -> Bool in
            defer { state.running = false }
            return state.running
        }
        guard wasRunning else { return }
        curl_multi_wakeup(multi.raw)
        stopped.wait()
    }

    // MARK: - The engine thread

    private func runLoop() {
        ThreadRole.name("huifang-curl")
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        var idle: [UnsafeMutableRawPointer] = []
        var handles: [UnsafeMutableRawPointer: CurlTransfer.HandleOptions] = [:]
        var incoming: [CurlTransfer] = []
        var retired: [CurlTransfer] = []
        while true {
            let running = shared.withLock { state in
                swap(&incoming, &state.incoming)
                state.retired.append(contentsOf: retired)
                return state.running
            }
            retired.removeAll(keepingCapacity: true)
            if !running { break }
            for transfer in incoming {
                let easy = idle.popLast() ?? CurlTransfer.makeHandle()
                if let problem = transfer.configure(easy, options: &handles[easy, default: .init()]) {
                    idle.append(easy)
                    transfer.finish(WebhookResponse(status: nil, transportError: problem))
                    retired.append(transfer)
                    continue
                }
                active[easy] = transfer
                curl_multi_add_handle(multi.raw, easy)
            }
            incoming.removeAll(keepingCapacity: true)
            var stillRunning: Int32 = 0
            curl_multi_perform(multi.raw, &stillRunning)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi.raw, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = huifang_msg_result(message)
                curl_multi_remove_handle(multi.raw, easy)
                if let transfer = active.removeValue(forKey: easy) {
                    transfer.complete(easy: easy, code: code)
                    retired.append(transfer)
                }
                idle.append(easy)
            }
            var numfds: Int32 = 0
            curl_multi_poll(multi.raw, nil, 0, 1000, &numfds)
        }
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi.raw, easy)
            curl_easy_cleanup(easy)
            transfer.finish(WebhookResponse(status: nil, transportError: .other("engine stopped")))
        }
        let late = shared.withLock { state in
            defer { state.incoming.removeAll() }
            return state.incoming
        }
        for transfer in late {
            transfer.finish(WebhookResponse(status: nil, transportError: .other("engine stopped")))
        }
        idle.forEach { curl_easy_cleanup($0) }
        curl_multi_cleanup(multi.raw)
        stopped.signal()
    }
}

/// The multi handle, owned by the engine thread after start-up.
private final class CurlHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    init(_ raw: UnsafeMutableRawPointer?) { self.raw = raw! }
}

/// `curl_global_init` exactly once, before the first engine thread starts.
enum CurlGlobal {
    private static let done: Bool = {
        curl_global_init(Int(CURL_GLOBAL_ALL))
        return true
    }()

    static func initialize() { _ = done }
}
