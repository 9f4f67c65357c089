import Foundation
import HuifangCore

/// Receipts, replay protection, reply context and heartbeats (R-IN-1…5): all but receipts are
/// `InboundSQL`'s statements.
extension SQLStore {
    public func rememberInbound(source: String, id: String, now: Date, keepSince: Date) throws -> Bool {
        try write { db in try InboundSQL.remember(db, source: source, id: id, now: now, keepSince: keepSince) }
    }

    public func recordReceipt(_ receipt: InboundItem.Receipt, copy: Message?, now: Date) throws -> ReceiptResult {
        try write { db in
            guard let row = try db.query("SELECT status, receipt_status FROM messages WHERE id = ?", receipt.messageId).first else {
                return .unknown
            }
            if row.optionalString(1) != nil { return .repeated }
            let at = receipt.at ?? now
            try db.execute("""
                UPDATE messages SET receipt_status = ?, receipt_at = ?, receipt_error = ?, updated_at = ? WHERE id = ?
                """, receipt.delivered ? "delivered" : "undelivered", at.unixMillis, receipt.error, now.unixMillis, receipt.messageId)
            let what = MessageEvent.receiptDetail(delivered: receipt.delivered, error: receipt.error)
            try Self.log(.receipt, what, messageId: receipt.messageId, at: at, db: db)
            let status = MessageStatus(rawValue: row.string(0)) ?? .pending
            guard !receipt.delivered, status == .delivered || status == .sending else { return .recorded(dead: false) }
            try db.execute("""
                UPDATE messages SET status = 'dead', last_error = ?, lease_owner = NULL, lease_expires_at = NULL, updated_at = ?
                 WHERE id = ?
                """, what, now.unixMillis, receipt.messageId)
            try Self.log(.dead, what + (copy.map(MessageEvent.fallingBack(to:)) ?? ""), related: copy?.id,
                         messageId: receipt.messageId, at: now, db: db)
            if let copy { try Self.insert(copy, into: db, orIgnore: true) }
            return .recorded(dead: true)
        }
    }

    public func replyQuestions(customerId: Int64, now: Date) throws -> [ReplyRules.Question] {
        try read { db in try InboundSQL.replyQuestions(db, customerId: customerId, now: now) }
    }

    public func customerId(wechatId: String) throws -> Int64? {
        try read { db in try InboundSQL.customerId(db, wechatId: wechatId) }
    }

    public func heartbeat(node: String, pid: Int32, startedAt: Date, now: Date) throws {
        try write { db in try InboundSQL.heartbeat(db, node: node, pid: pid, startedAt: startedAt, now: now) }
    }

    public func liveNodes(since: Date) throws -> [NodeBeat] {
        try read { db in try InboundSQL.liveNodes(db, since: since) }
    }

    public func forgetNode(_ node: String) throws {
        try write { db in try InboundSQL.forgetNode(db, node) }
    }
}
