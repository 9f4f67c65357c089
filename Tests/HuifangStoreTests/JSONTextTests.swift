import Foundation
import Testing
@testable import HuifangStore

@Suite("JSONText")
struct JSONTextTests {
    @Test("tags written without JSONEncoder read back as they were: quotes, backslashes, control characters, Chinese, emoji")
    func tagsRoundTrip() throws {
        let lists: [[String]] = [[], ["vip"], ["老客", "vip;二次"], [#"a"b"#, #"c\d"#, "e\nf\t\u{1}", "🐶宠物", ""]]
        for tags in lists {
            let text = JSONText.encode(tags)
            #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == tags, "\(text)")
            #expect(JSONText.decode(text) == tags)
        }
        #expect(JSONText.encode(["老客", "vip"]) == #"["老客","vip"]"#)
    }
}
