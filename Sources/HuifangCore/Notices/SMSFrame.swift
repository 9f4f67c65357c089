/// What a channel puts around every text (`[channels.sms] signature`, `unsubscribe_footer`):
/// the sender's signature first (`【伊美】`), as Chinese SMS carry it; after a marketing or
/// greeting text, how to unsubscribe (`拒收请回复R`), as the 2015 SMS rules ask of commercial
/// SMS. Transactional texts (reminders, follow-ups, replies to the customer) carry only the
/// signature. A text that already carries them is left as it is.
public enum SMSFrame {
    public static func framed(_ text: String, signature: String?, footer: String?, category: MessageCategory) -> String {
        var framed = text
        if let signature, !signature.isEmpty, !framed.hasPrefix(signature) { framed = signature + framed }
        if category != .transactional, let footer, !footer.isEmpty, !framed.hasSuffix(footer) {
            let separator = framed.last.map { "。！？.!?）)".contains($0) } == true ? "" : "。"
            framed += separator + footer
        }
        return framed
    }
}
