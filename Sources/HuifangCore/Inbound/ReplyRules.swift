import Foundation

/// What a customer's reply means (R-IN-2, R-CUS-4, R-APT-3, R-CMP-5), decided by keywords
/// and by what the customer was last asked. A reply carries no reference to the message it
/// answers, so "1" confirms an appointment only when one waits for confirmation, and is a
/// satisfaction score only when a resolved complaint waits for its answer; when both wait,
/// the question asked last wins.
public enum ReplyRules {
    /// The keyword lists (`[replies]` in the config).
    public struct Keywords: Sendable, Equatable {
        public var optOut: Set<String> = ["T", "TD", "退订", "STOP", "R", "UNSUBSCRIBE"]
        public var confirm: Set<String> = ["1", "确认", "Y", "YES"]
        public var satisfied: Set<String> = ["满意", "非常满意", "很满意", "还行"]
        public var notSatisfied: Set<String> = ["不满意", "很不满意", "非常不满意", "差"]
        /// An event invitation's answers (R-BIZ-3).
        public var attend: Set<String> = ["参加", "报名", "我参加", "1", "Y", "YES"]
        public var decline: Set<String> = ["不参加", "不去", "2", "N", "NO"]
        /// Scores 1–5 up to this one are "not satisfied"; above it, satisfied.
        public var notSatisfiedMaxScore = 2

        public init() {}

        /// Every keyword list, normalised as replies are.
        public func normalized() -> Keywords {
            var copy = self
            copy.optOut = Set(optOut.map(ReplyRules.normalize))
            copy.confirm = Set(confirm.map(ReplyRules.normalize))
            copy.satisfied = Set(satisfied.map(ReplyRules.normalize))
            copy.notSatisfied = Set(notSatisfied.map(ReplyRules.normalize))
            copy.attend = Set(attend.map(ReplyRules.normalize))
            copy.decline = Set(decline.map(ReplyRules.normalize))
            return copy
        }
    }

    /// A question the customer may be answering.
    public enum Question: Sendable, Equatable {
        /// Their next unconfirmed appointment; `askedAt`: when its last reminder went out.
        case confirmation(appointmentId: Int64, askedAt: Date?)
        /// A resolved complaint waiting for its satisfaction answer.
        case satisfaction(complaintId: Int64, askedAt: Date?)
        /// An event invitation delivered to them (R-BIZ-3).
        case invitation(campaignId: Int64, askedAt: Date?)

        var askedAt: Date? {
            switch self {
            case .confirmation(_, let at), .satisfaction(_, let at), .invitation(_, let at): at
            }
        }
    }

    public enum Meaning: Sendable, Equatable {
        case optOut
        case confirm(appointmentId: Int64)
        case satisfaction(complaintId: Int64, satisfied: Bool, score: Int?)
        case rsvp(campaignId: Int64, yes: Bool)
        /// For a person to read: `why` says what was not understood.
        case task(why: String)
    }

    public static func interpret(_ text: String, keywords: Keywords, questions: [Question]) -> Meaning {
        let reply = normalize(text)
        if reply.isEmpty { return .task(why: "空白回复") }
        if keywords.optOut.contains(reply) { return .optOut }
        // An invitation asked after any other question takes its answers.
        if let invitation = questions.lazy.compactMap({ q -> (Int64, Date?)? in if case .invitation(let id, let at) = q { (id, at) } else { nil } }).first,
           keywords.attend.contains(reply) || keywords.decline.contains(reply),
           questions.allSatisfy({ q in if case .invitation = q { true } else { (q.askedAt ?? .distantPast) < (invitation.1 ?? .distantPast) } }) {
            return .rsvp(campaignId: invitation.0, yes: keywords.attend.contains(reply))
        }
        let appointment = questions.lazy.compactMap { q -> (Int64, Date?)? in
            if case .confirmation(let id, let at) = q { (id, at) } else { nil }
        }.first
        let complaint = questions.lazy.compactMap { q -> (Int64, Date?)? in
            if case .satisfaction(let id, let at) = q { (id, at) } else { nil }
        }.first
        let score = Int(reply).flatMap { (1...5).contains($0) ? $0 : nil }
        let confirms = keywords.confirm.contains(reply)
        // A digit both confirms and scores: the later question takes it.
        if score != nil, confirms, let complaint, let appointment,
           (appointment.1 ?? .distantPast) > (complaint.1 ?? .distantPast) {
            return .confirm(appointmentId: appointment.0)
        }
        if let complaint {
            if keywords.notSatisfied.contains(reply) { return .satisfaction(complaintId: complaint.0, satisfied: false, score: nil) }
            if keywords.satisfied.contains(reply) { return .satisfaction(complaintId: complaint.0, satisfied: true, score: nil) }
            if let score {
                return .satisfaction(complaintId: complaint.0, satisfied: score > keywords.notSatisfiedMaxScore, score: score)
            }
        }
        if confirms {
            if let appointment { return .confirm(appointmentId: appointment.0) }
            return .task(why: "客户回复确认，但没有待确认的预约")
        }
        if keywords.notSatisfied.contains(reply) || keywords.satisfied.contains(reply) {
            return .task(why: "客户回复满意度，但没有待回访的投诉")
        }
        return .task(why: "客户回复")
    }

    /// Trimmed, full-width folded to half-width, upper case, closing punctuation dropped:
    /// `ＴＤ。` and `td` are `TD`.
    public static func normalize(_ text: String) -> String {
        // Width and case folded (TextFold keeps no spaces; a reply's inner spaces do not matter either).
        var folded = TextFold.fold(text.trimmingCharacters(in: .whitespacesAndNewlines)).uppercased()
        let closing: Set<Character> = [".", "!", "?", "。", "！", "？", "~", "～", ",", "，"]
        while let last = folded.last, closing.contains(last) { folded.removeLast() }
        return folded.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
