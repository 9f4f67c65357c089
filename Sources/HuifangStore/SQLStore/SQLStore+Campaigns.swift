import Foundation
import HuifangCore

/// Campaigns and event RSVPs (R-BIZ-3).
extension SQLStore {
    public func addCampaign(_ campaign: Campaign) throws -> Campaign {
        try write { db in
            var stored = campaign
            stored.id = try db.insert("""
                INSERT INTO campaigns (name, audience, channel, text, at, rsvp, created_at, branch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, campaign.name, campaign.audience.description, campaign.channel, campaign.text, campaign.at.unixMillis,
                campaign.rsvp, campaign.createdAt.unixMillis, campaign.branch)
            return stored
        }
    }

    public func campaigns() throws -> [Campaign] {
        try read { db in try db.query("SELECT * FROM campaigns ORDER BY id DESC LIMIT 500").compactMap(Self.campaign(from:)) }
    }

    public func campaign(id: Int64) throws -> Campaign? {
        try read { db in try db.query("SELECT * FROM campaigns WHERE id = ?", id).first.flatMap(Self.campaign(from:)) }
    }

    public func campaignCounts(_ campaign: Campaign, branch: String?) throws -> CampaignCounts {
        try read { db in
            var counts = CampaignCounts()
            let ofBranch = branch == nil ? "" : " AND \(SQLText.customerOfBranch)"
            // The dedupe key's unique index serves the prefix range (collated "C" on PostgreSQL).
            let branchArgument: [SQLValue] = branch.map { [.text($0)] } ?? []
            for row in try db.query("""
                SELECT status, last_error FROM messages WHERE dedupe_key >= ? AND dedupe_key < ?\(ofBranch)
                """, [.text(campaign.keyPrefix), .text(campaign.keyPrefix + "\u{10FFFF}")] + branchArgument) {
                counts.count(status: MessageStatus(rawValue: row.string(0)) ?? .pending, reason: row.optionalString(1))
            }
            for row in try db.query("SELECT answer, COUNT(*) FROM campaign_rsvps WHERE campaign_id = ?\(ofBranch) GROUP BY answer",
                                    [.integer(campaign.id)] + branchArgument) {
                if row.string(0) == "yes" { counts.rsvpYes = row.int(1) } else { counts.rsvpNo = row.int(1) }
            }
            return counts
        }
    }

    public func setRSVP(campaignId: Int64, customerId: Int64, yes: Bool, now: Date) throws {
        try write { db in
            try db.execute("""
                INSERT INTO campaign_rsvps (campaign_id, customer_id, answer, at) VALUES (?, ?, ?, ?)
                ON CONFLICT(campaign_id, customer_id) DO UPDATE SET answer = excluded.answer, at = excluded.at
                """, campaignId, customerId, yes ? "yes" : "no", now.unixMillis)
        }
    }

    static func campaign(from row: SQLRow) -> Campaign? {
        guard let audience = CampaignAudience(row.string("audience")) else { return nil }
        return Campaign(id: row.int64("id"), name: row.string("name"), audience: audience, channel: row.string("channel"),
                        text: row.string("text"), at: row.date("at"), rsvp: row.bool("rsvp"), createdAt: row.date("created_at"),
                        branch: row.optionalString("branch"))
    }
}
