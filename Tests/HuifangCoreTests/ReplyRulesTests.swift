import Foundation
import HuifangCore
import Testing

@Suite struct ReplyRulesTests {
    let keywords = ReplyRules.Keywords().normalized()
    let earlier = Date(timeIntervalSince1970: 1_790_000_000)
    var later: Date { earlier.addingTimeInterval(3600) }

    @Test("R-CUS-4 R-IN-2 opt-out keywords are heard however they are typed: full-width, lower case, with a full stop")
    func optOut() {
        for text in ["TD", "td", "ＴＤ。", " 退订 ", "T", "R", "stop!", "Ｒ"] {
            #expect(ReplyRules.interpret(text, keywords: keywords, questions: []) == .optOut, "\(text)")
        }
        #expect(ReplyRules.normalize("ＴＤ。") == "TD")
    }

    @Test("R-APT-3 R-IN-2 \"1\" confirms the next appointment when one waits; without one it becomes a task")
    func confirm() {
        let waiting: [ReplyRules.Question] = [.confirmation(appointmentId: 7, askedAt: earlier)]
        #expect(ReplyRules.interpret("1", keywords: keywords, questions: waiting) == .confirm(appointmentId: 7))
        #expect(ReplyRules.interpret("确认", keywords: keywords, questions: waiting) == .confirm(appointmentId: 7))
        guard case .task = ReplyRules.interpret("1", keywords: keywords, questions: []) else {
            Issue.record("a bare 1 with nothing to confirm must reach a person")
            return
        }
    }

    @Test("R-CMP-5 R-IN-2 satisfaction words and scores answer a resolved complaint; a digit goes to the question asked last")
    func satisfaction() {
        let both: [ReplyRules.Question] = [.confirmation(appointmentId: 7, askedAt: earlier), .satisfaction(complaintId: 3, askedAt: later)]
        #expect(ReplyRules.interpret("不满意", keywords: keywords, questions: both) == .satisfaction(complaintId: 3, satisfied: false, score: nil))
        #expect(ReplyRules.interpret("满意", keywords: keywords, questions: both) == .satisfaction(complaintId: 3, satisfied: true, score: nil))
        #expect(ReplyRules.interpret("1", keywords: keywords, questions: both) == .satisfaction(complaintId: 3, satisfied: false, score: 1))
        #expect(ReplyRules.interpret("5", keywords: keywords, questions: both) == .satisfaction(complaintId: 3, satisfied: true, score: 5))
        let appointmentLast: [ReplyRules.Question] = [.confirmation(appointmentId: 7, askedAt: later), .satisfaction(complaintId: 3, askedAt: earlier)]
        #expect(ReplyRules.interpret("1", keywords: keywords, questions: appointmentLast) == .confirm(appointmentId: 7))
        #expect(ReplyRules.interpret("Y", keywords: keywords, questions: appointmentLast) == .confirm(appointmentId: 7))
    }

    @Test("R-IN-2 anything else becomes a task for a person")
    func anythingElse() {
        guard case .task(let why) = ReplyRules.interpret("请问周六营业吗", keywords: keywords, questions: []) else {
            Issue.record("free text must become a task")
            return
        }
        #expect(why == "客户回复")
    }

    @Test("R-BIZ-3 R-IN-2 an answer to the latest event invitation is an RSVP; an older invitation does not take a confirmation")
    func rsvp() {
        let invited: [ReplyRules.Question] = [.confirmation(appointmentId: 7, askedAt: earlier), .invitation(campaignId: 4, askedAt: later)]
        #expect(ReplyRules.interpret("参加", keywords: keywords, questions: invited) == .rsvp(campaignId: 4, yes: true))
        #expect(ReplyRules.interpret("1", keywords: keywords, questions: invited) == .rsvp(campaignId: 4, yes: true))
        #expect(ReplyRules.interpret("不参加", keywords: keywords, questions: invited) == .rsvp(campaignId: 4, yes: false))
        let reminded: [ReplyRules.Question] = [.confirmation(appointmentId: 7, askedAt: later), .invitation(campaignId: 4, askedAt: earlier)]
        #expect(ReplyRules.interpret("1", keywords: keywords, questions: reminded) == .confirm(appointmentId: 7))
    }
}
