import Foundation

/// One thing a gateway tells Huifang (R-IN-1…3), whatever format it came in.
public enum InboundItem: Sendable, Equatable {
    /// R-IN-1: the gateway's word on whether the handset (or mailbox) got a message.
    public struct Receipt: Sendable, Equatable {
        public var messageId: String
        public var delivered: Bool
        public var at: Date?
        public var error: String?

        public init(messageId: String, delivered: Bool, at: Date?, error: String?) {
            self.messageId = messageId
            self.delivered = delivered
            self.at = at
            self.error = error
        }
    }

    /// R-IN-2: what a customer wrote back. One of phone, email or wechatId says who.
    public struct Reply: Sendable, Equatable {
        public var phone: String?
        public var email: String?
        public var wechatId: String?
        public var text: String
        public var at: Date?
        /// The gateway's own id for this reply, when it has one: a re-push is not a second reply.
        public var gatewayId: String?

        public init(phone: String? = nil, email: String? = nil, wechatId: String? = nil, text: String, at: Date?,
                    gatewayId: String? = nil) {
            self.phone = phone
            self.email = email
            self.wechatId = wechatId
            self.text = text
            self.at = at
            self.gatewayId = gatewayId
        }
    }

    /// R-IN-3: a member of staff closed a task in the staff app.
    public struct Outcome: Sendable, Equatable {
        public enum Kind: String, Sendable, CaseIterable {
            case done
            case noAnswer = "no_answer"
            case abnormal
        }

        public var taskId: Int64
        public var outcome: Kind
        public var note: String?
        public var staff: String

        public init(taskId: Int64, outcome: Kind, note: String?, staff: String) {
            self.taskId = taskId
            self.outcome = outcome
            self.note = note
            self.staff = staff
        }
    }

    case receipt(Receipt)
    case reply(Reply)
    case outcome(Outcome)

    public var kind: String {
        switch self {
        case .receipt: "receipt"
        case .reply: "reply"
        case .outcome: "outcome"
        }
    }
}

/// Why an inbound body cannot be read: names the field, never echoes personal data.
public struct InboundFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String?
    public var message: String

    public init(_ field: String?, _ message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { field.map { "\($0): \(message)" } ?? message }
}
