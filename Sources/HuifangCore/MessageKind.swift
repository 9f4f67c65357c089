/// The kinds of message and staff task Huifang makes, as the webhook body's `type` spells
/// them. Producers name a kind from here, never with a literal.
public enum MessageKind {
    public static let manual = "message.manual"
    public static let birthdayGreeting = "birthday.greeting"
    public static let holidayGreeting = "holiday.greeting"
    public static let followUpDue = "followup.due"
    public static let followUpCallBack = "followup.call-back"
    public static let followUpAbnormal = "followup.abnormal"
    public static let courseNextSession = "course.next-session"
    public static let appointmentReminder = "appointment.reminder"
    /// An operator's word that an appointment moved or was called off (`message schedule --kind`).
    public static let appointmentChanged = "appointment.changed"
    public static let appointmentNoShowCheck = "appointment.no-show-check"
    public static let appointmentConfirmCall = "appointment.confirm-call"
    public static let complaintReceived = "complaint.received"
    public static let complaintReopened = "complaint.reopened"
    public static let complaintEscalated = "complaint.escalated"
    public static let complaintUpdate = "complaint.update"
    public static let complaintResolved = "complaint.resolved"
    public static let complaintSatisfaction = "complaint.satisfaction"
    /// A call to tell the customer of their complaint, when no channel they allow is left.
    public static let complaintCall = "complaint.call"
    public static let tierChanged = "membership.tier_changed"
    public static let pointsExpiryWarning = "points.expiry_warning"
    public static let retentionCare = "retention.care"
    public static let retentionWinBack = "retention.winback"
    public static let arrearsReminder = "arrears.reminder"
    public static let petRebook = "pet.rebook"
    public static let petBirthday = "pet.birthday"
    /// What to do before an appointment's service (fasting before surgery, what to bring).
    public static let appointmentPreparation = "appointment.preparation"
    /// R-DLV-6: an operator's alert that an endpoint answered 410 Gone.
    public static let endpointGone = "endpoint.gone"
    /// The one answer to a customer's "TD" (R-CUS-4): it goes on the channel they left.
    public static let optOutConfirmation = "consent.opt-out-confirmation"
    /// A campaign's or an event invitation's message (R-BIZ-3): marketing, never essential.
    public static let campaign = "campaign.message"
    /// A customer's reply staff must read (R-IN-2).
    public static let replyReceived = "reply.received"
}

/// Channel names with a meaning of their own.
public enum ChannelName {
    /// The staff-task gateway (WeCom, DingTalk, …): notices to staff, not to customers.
    public static let staffTask = "staff-task"

    /// Whether the channel's messages go to staff (a customer's consent does not apply).
    public static func isToStaff(_ channel: String) -> Bool { channel == staffTask }
}
