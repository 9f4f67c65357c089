@testable import HuifangDaemon
import Testing

@Suite struct MultipartFormTests {
    @Test("R-PPL-5 an upload's parts: fields and a file whose bytes hold line breaks and dashes; a malformed body is nil, never a crash")
    func parts() throws {
        #expect(MultipartForm.boundary(contentType: #"multipart/form-data; boundary="ab c""#) == "ab c")
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; charset=utf-8; boundary=XyZ") == "XyZ")
        #expect(MultipartForm.boundary(contentType: "application/x-www-form-urlencoded") == nil)
        let file = "姓名\r\n--not the end\r\n李一\r\n"
        let body = Array("--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\nContent-Type: text/csv\r\n\r\n\(file)\r\n--XyZ--\r\n".utf8)
        let form = try #require(MultipartForm(body, boundary: "XyZ"))
        #expect(form["csrf"] == "tok")
        #expect(form.file("file")?.filename == "a.csv" && form.file("file")?.bytes == Array(file.utf8))
        #expect(form["file"] == nil, "a file is not a field")
        for cut in [0, 5, 20, body.count / 2, body.count - 8] {
            #expect(MultipartForm(Array(body.prefix(cut)), boundary: "XyZ") == nil, "cut at \(cut)")
        }
        #expect(MultipartForm(Array("--XyZ\r\nX-Other: 1\r\n\r\nv\r\n--XyZ--".utf8), boundary: "XyZ") == nil, "a part without its name")
    }
}
