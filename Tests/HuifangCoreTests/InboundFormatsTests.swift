import Foundation
import HuifangCore
import Testing

@Suite struct InboundFormatsTests {
    @Test("R-IN-1 R-IN-2 an Aliyun push is told apart by its fields: SmsReport receipts and SmsUp replies, times in Beijing time")
    func aliyun() throws {
        let report = #"[{"phone_number":"13800000000","report_time":"2026-11-28 10:00:04","success":true,"err_code":"DELIVERED","out_id":"msg_A"},{"success":false,"err_code":"MK:0001","err_msg":"","out_id":"msg_B"}]"#
        let items = try InboundFormats.aliyunSMS(Array(report.utf8))
        #expect(items == [
            .receipt(.init(messageId: "msg_A", delivered: true, at: Date(timeIntervalSince1970: 1_795_831_204), error: nil)),
            .receipt(.init(messageId: "msg_B", delivered: false, at: nil, error: "MK:0001")),
        ])
        let up = #"[{"phone_number":"13800000000","send_time":"2026-11-28 10:05:12","content":"TD","sequence_id":1234567890}]"#
        #expect(try InboundFormats.aliyunSMS(Array(up.utf8)) == [
            .reply(.init(phone: "13800000000", text: "TD", at: Date(timeIntervalSince1970: 1_795_831_512), gatewayId: "1234567890")),
        ])
    }

    @Test("R-IN-4 R-OPS-4 a bad body is refused naming the field, never read past a nesting limit")
    func refusals() {
        func failure(_ text: String, aliyun: Bool = true) -> InboundFormatError? {
            do {
                if aliyun { _ = try InboundFormats.aliyunSMS(Array(text.utf8)) } else { _ = try InboundFormats.standardWebhook(Array(text.utf8)) }
                return nil
            } catch { return error }
        }
        #expect(failure(#"[{"out_id":"m","success":"maybe"}]"#)?.field == "[0].success")
        #expect(failure(#"[{"phone_number":"1","content":"x"},{"foo":1}]"#)?.field == "[1]")
        #expect(failure(#"{"a":1}"#)?.message == "the body must be a JSON array")
        #expect(failure("[]")?.message == "the array is empty")
        #expect(failure(String(repeating: "[", count: 50_000))?.message == "the body nests deeper than 16 levels")
        #expect(failure(#"{"type":"message.receipt","data":{"message_id":"m","status":"lost"}}"#, aliyun: false)?.field == "data.status")
        #expect(failure(#"{"type":"task.outcome","data":{"task_id":true,"outcome":"done","staff":"x"}}"#, aliyun: false)?.field == "data.task_id")
        #expect(failure(#"{"type":"message.reply","data":{"text":"hi"}}"#, aliyun: false)?.field == "data")
        #expect(failure(#"{"type":"order.paid","data":{}}"#, aliyun: false)?.field == "type")
    }

    @Test("R-IN-3 a staff outcome reads task, outcome, note and staff")
    func outcome() throws {
        let body = #"{"type":"task.outcome","data":{"task_id":42,"outcome":"no_answer","note":"无人接听","staff":"赵护士"}}"#
        #expect(try InboundFormats.standardWebhook(Array(body.utf8)) ==
                .outcome(.init(taskId: 42, outcome: .noAnswer, note: "无人接听", staff: "赵护士")))
    }

    @Test("R-CUS-4 marketing SMS carry the signature and the way to unsubscribe; transactional ones only the signature")
    func smsFrame() {
        #expect(SMSFrame.framed("会员日全场九折", signature: "【伊美】", footer: "拒收请回复R", category: .marketing) == "【伊美】会员日全场九折。拒收请回复R")
        #expect(SMSFrame.framed("生日快乐！", signature: "【伊美】", footer: "拒收请回复R", category: .greeting) == "【伊美】生日快乐！拒收请回复R")
        #expect(SMSFrame.framed("明天15:00的预约", signature: "【伊美】", footer: "拒收请回复R", category: .transactional) == "【伊美】明天15:00的预约")
        #expect(SMSFrame.framed("【伊美】已有签名", signature: "【伊美】", footer: nil, category: .marketing) == "【伊美】已有签名")
    }
}
