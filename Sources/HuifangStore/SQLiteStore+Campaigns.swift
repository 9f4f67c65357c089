import Foundation
import GRDB
import HuifangCore

/// Campaigns and event RSVPs (R-BIZ-3).
extension SQLiteStore {
    public func addCampaign(_ campaign: Campaign) throws -> Campaign {
        try write { db in
            try db.execute(sql: """
                INSERT INTO campaigns (name, audience, channel, text, at, rsvp, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [campaign.name, campaign.audience.description, campaign.channel, campaign.text, campaign.at.unixMillis,
                                 campaign.rsvp, campaign.createdAt.unixMillis])
            var stored = campaign
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    public func campaigns() throws -> [Campaign] {
        try read { db in try Row.fetchAll(db, sql: "SELECT * FROM campaigns ORDER BY id DESC LIMIT 500").compactMap(Self.campaign(from:)) }
    }

    public func campaign(id: Int64) throws -> Campaign? {
        try read { db in try Row.fetchOne(db, sql: "SELECT * FROM campaigns WHERE id = ?", arguments: [id]).flatMap(Self.campaign(from:)) }
    }

    public func campaignCounts(_ campaign: Campaign) throws -> CampaignCounts {
        try read { db in
            var counts = CampaignCounts()
            // The dedupe key's unique index serves the prefix range.
            for row in try Row.fetchAll(db, sql: """
                SELECT status, last_error FROM messages WHERE dedupe_key >= ? AND dedupe_key < ?
                """, arguments: [campaign.keyPrefix, campaign.keyPrefix + "\u{10FFFF}"]) {
                counts.count(status: MessageStatus(rawValue: row[0]) ?? .pending, reason: row[1])
            }
            for row in try Row.fetchAll(db, sql: "SELECT answer, COUNT(*) FROM campaign_rsvps WHERE campaign_id = ? GROUP BY answer",
                                        arguments: [campaign.id]) {
                if (row[0] as String) == "yes" { counts.rsvpYes = row[1] } else { counts.rsvpNo = row[1] }
            }
            return counts
        }
    }

    public func setRSVP(campaignId: Int64, customerId: Int64, yes: Bool, now: Date) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO campaign_rsvps (campaign_id, customer_id, answer, at) VALUES (?, ?, ?, ?)
                ON CONFLICT(campaign_id, customer_id) DO UPDATE SET answer = excluded.answer, at = excluded.at
                """, arguments: [campaignId, customerId, yes ? "yes" : "no", now.unixMillis])
        }
    }

    static func campaign(from row: Row) -> Campaign? {
        guard let audience = CampaignAudience(row["audience"]) else { return nil }
        return Campaign(id: row["id"], name: row["name"], audience: audience, channel: row["channel"], text: row["text"],
                        at: Date(unixMillis: row["at"]), rsvp: row["rsvp"], createdAt: Date(unixMillis: row["created_at"]))
    }
}
