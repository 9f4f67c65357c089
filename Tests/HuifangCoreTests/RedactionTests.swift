import HuifangCore
import Testing

@Suite struct RedactionTests {
    @Test("R-CUS-2 log redaction hides phones (last four kept) and e-mail local parts", arguments: [
        ("customer 13812345678 called", "customer ***5678 called"),
        ("+8613812345678", "***5678"),
        ("tel 138-1234-5678 / 138 1234 5678", "tel ***5678 / ***5678"),
        ("mail wang.fang+vip@example.com.cn now", "mail ***@example.com.cn now"),
        ("王芳<wf@example.com>", "王芳<***@example.com>"),
    ] as [(String, String)])
    func redacts(input: String, expected: String) {
        #expect(Redaction.redact(input) == expected)
    }

    @Test("R-CUS-2 log redaction leaves dates, times, short numbers, ids and lone at-signs alone", arguments: [
        "due 2026-11-23T10:00:00+08:00",
        "2026-11-23 10:00",
        "attempt 3 of 8, HTTP 503, 1234 ms",
        "message 01JD8Z3Q4K5M6N7P8R9S0T1V2W",
        "id abc1234567",
        "order 1234567x",
        "@here, a@b",
        "backup made: var/backups/huifang-20261123-120443.sqlite",
        "file 13912345678.sqlite",
    ])
    func keeps(input: String) {
        #expect(Redaction.redact(input) == input)
    }
}
