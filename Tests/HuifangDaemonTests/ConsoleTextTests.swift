import Foundation
@testable import HuifangDaemon
import Testing

/// The console's words as the templates read them (`{{t.appointments.customer}}`).
@Suite struct ConsoleTextTests {
    @Test("R-PPL-5 every word a template asks for is in the table, and no key is also the start of another (the template would read a dictionary)")
    func wordsTheTemplatesRead() {
        for language in ConsoleText.Language.allCases {
            let keys = Set(ConsoleText.table(language).keys)
            for key in keys {
                #expect(!keys.contains { $0.hasPrefix(key + ".") }, "\(language): \(key) is both a word and a group")
            }
        }
        let asked = ConsoleTemplates.templates.values.flatMap { template in
            template.matches(of: /\{\{[#^\/]?t\.([a-z_.]+)\}\}/).map { String($0.output.1) }
        }
        #expect(asked.count > 50, "the templates' words were found: \(asked.count)")
        let chinese = ConsoleText.table(.zhHans)
        for key in Set(asked) {
            #expect(chinese[key] != nil, "{{t.\(key)}} has no Chinese word")
        }
    }
}
