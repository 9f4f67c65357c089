/// How a message addresses a customer: `{name}`, `{surname}`, `{honorific}` and
/// `{salutation}` (王女士 / Ms. Wang-style where the gender is known, else the full name).
public enum Salutation {
    public static func values(for customer: Customer) -> [String: String] {
        let name = customer.name
        let chinese = name.unicodeScalars.first.map { (0x4E00...0x9FFF).contains($0.value) } ?? false
        // Chinese surnames are mostly one character; compound ones (欧阳, 司马…) are rarer.
        let surname = chinese ? String(name.prefix(compoundSurnames.contains(String(name.prefix(2))) ? 2 : 1))
                              : String(name.split(separator: " ").last ?? Substring(name))
        let honorific: String
        switch (customer.locale, customer.gender) {
        case (.en, .female): honorific = "Ms."
        case (.en, .male): honorific = "Mr."
        case (_, .female): honorific = "女士"
        case (_, .male): honorific = "先生"
        default: honorific = ""
        }
        let salutation: String
        if honorific.isEmpty {
            salutation = name
        } else if customer.locale == .en {
            salutation = "\(honorific) \(surname)"
        } else {
            salutation = chinese ? surname + honorific : "\(name) \(honorific)"
        }
        return ["name": name, "surname": surname, "honorific": honorific, "salutation": salutation]
    }

    static let compoundSurnames: Set<String> = [
        "欧阳", "歐陽", "司马", "司馬", "上官", "诸葛", "諸葛", "东方", "東方", "皇甫", "令狐", "慕容", "尉迟", "尉遲", "长孙", "長孫",
    ]
}
