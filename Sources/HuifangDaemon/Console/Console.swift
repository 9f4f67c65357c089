import Foundation
import HuifangControl
import HuifangCore
import Hummingbird
import Logging
import Mustache
import Synchronization

/// The staff web console (R-PPL-5), served by huifangd on the `[http]` listener at `/`.
/// Pages are rendered on the server from mustache templates; every action is a plain HTML
/// form. What a page shows and what a form does goes through the control socket's command
/// table (`RequestRouter.perform`) as the signed-in member of staff: the same access
/// declarations decide, and the same audit line is written, under the member's name.
struct Console: Sendable {
    let auth: ConsoleAuth
    let router: RequestRouter
    let library: MustacheLibrary
    let store: any Store
    let config: LiveConfig
    let clock: any WallClock
    let logger: Logger
    let flashes: Flashes

    /// The one-shot notice shown on the page a form leads back to.
    final class Flashes: Sendable {
        private let pending = Mutex<[String: (ok: Bool, text: String)]>([:])
        func set(_ session: String, ok: Bool, _ text: String) { pending.withLock { $0[session] = (ok, text) } }
        func take(_ session: String) -> (ok: Bool, text: String)? { pending.withLock { $0.removeValue(forKey: session) } }
    }

    /// What a page handler gets: who, in which language, the form if one was posted.
    struct Visit: Sendable {
        let signed: ConsoleAuth.Signed
        let language: ConsoleText.Language
        let query: [String: String]
        var member: StaffMember { signed.member }
    }

    func register(on http: Router<HTTPContext>) {
        http.get("/") { request, _ in
            auth.signedIn(request) == nil ? ConsoleHTTP.redirect("/login") : ConsoleHTTP.redirect("/today")
        }
        http.get("/static/console.css") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "max-age=3600"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ConsoleStyle.css)))
        }
        http.get("/login") { request, _ in
            let token = ConsoleHTTP.token()
            let expired = request.uri.queryParameters.get("expired") != nil
            return render("login", title: "login.title", signed: nil, language: language(request),
                          values: ["csrf": token], error: expired ? ConsoleText.text("login.expired", language(request)) : nil,
                          cookies: [ConsoleHTTP.setCookie(ConsoleAuth.loginCookie, token, secure: ConsoleHTTP.isSecure(request))])
        }
        http.post("/login") { request, context in
            let lang = language(request)
            let form = ConsoleHTTP.form(try await body(request))
            guard let cookie = ConsoleHTTP.cookie(ConsoleAuth.loginCookie, in: request), let sent = form["csrf"],
                  InboundEndpoint.constantTimeEqual(Array(cookie.utf8), Array(sent.utf8)) else {
                return render("message", title: "login.title", signed: nil, language: lang, values: ["link": ["href": "/login", "label": ConsoleText.text("login.title", lang)]],
                              error: ConsoleText.text("csrf", lang), status: .forbidden)
            }
            let name = (form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            let password = form["password"] ?? ""
            let address = context.remoteAddress.map(HTTPFace.describe) ?? "?"
            let now = clock.now()
            let result = try await HTTPFace.offThePool { auth.login(name: String(name.prefix(64)), password: String(password.prefix(200)), address: address, now: now) }
            let again = ConsoleHTTP.token()
            let retry: [String] = [ConsoleHTTP.setCookie(ConsoleAuth.loginCookie, again, secure: ConsoleHTTP.isSecure(request))]
            switch result {
            case .signedIn(let token):
                return ConsoleHTTP.redirect("/today", cookies: [ConsoleHTTP.setCookie(ConsoleAuth.cookie, token, secure: ConsoleHTTP.isSecure(request))])
            case .failed:
                return render("login", title: "login.title", signed: nil, language: lang, values: ["csrf": again, "name": name],
                              error: ConsoleText.text("login.failed", lang), status: .unauthorized, cookies: retry)
            case .locked:
                return render("login", title: "login.title", signed: nil, language: lang, values: ["csrf": again, "name": name],
                              error: ConsoleText.text("login.locked", lang), status: .forbidden, cookies: retry)
            case .throttled:
                return render("login", title: "login.title", signed: nil, language: lang, values: ["csrf": again, "name": name],
                              error: ConsoleText.text("login.throttled", lang), status: .tooManyRequests, cookies: retry)
            }
        }
        http.post("/logout") { request, _ in
            try await action(request, back: "/login") { visit, _ in
                auth.logout(visit.signed)
                return nil
            }
        }
        ConsolePages(console: self).register(on: http)
    }

    // MARK: - the shell every page and action goes through

    /// A page for a signed-in member; without a session, the login page.
    func page(_ request: Request, _ build: @escaping @Sendable (Visit) throws(HuifangError) -> Response) async throws -> Response {
        if let lang = request.uri.queryParameters.get("lang"), let language = ConsoleText.Language(rawValue: lang) {
            return ConsoleHTTP.redirect(request.uri.path, cookies: ["hf_lang=\(language.rawValue); Path=/; SameSite=Strict; Max-Age=31536000"])
        }
        let lang = language(request)
        var fields: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { fields[String(key)] = String(value) }
        let query = fields
        return try await HTTPFace.offThePool { () -> Response in
            guard let signed = auth.signedIn(request) else { return ConsoleHTTP.redirect("/login?expired=1") }
            let visit = Visit(signed: signed, language: lang, query: query)
            do throws(HuifangError) {
                return try build(visit)
            } catch {
                return failure(error, visit)
            }
        }
    }

    /// A form post: session, CSRF token, then `act`, which answers the notice to show (nil:
    /// the default "saved") or throws; the browser is sent back to `back`.
    func action(_ request: Request, back: String,
                _ act: @escaping @Sendable (Visit, [String: String]) throws(HuifangError) -> String?) async throws -> Response {
        try await action(request, back: { _ in back }) { visit, form throws(HuifangError) in Done(notice: try act(visit, form)) }
    }

    /// What a form did: the notice to show (nil: the default "saved"), and the page to go
    /// to next (nil: back where it came from; a new customer's page, say).
    struct Done {
        var notice: String?
        var next: String?
    }

    /// As above, the page to go back to read from the form (a refused booking started from a
    /// customer's page goes back to that customer's form, a refused new customer back to the
    /// form as it was filled in), and `act` may name the page to go to next.
    func action(_ request: Request, back: @escaping @Sendable ([String: String]) -> String,
                _ act: @escaping @Sendable (Visit, [String: String]) throws(HuifangError) -> Done) async throws -> Response {
        let lang = language(request)
        let bytes = try await body(request)
        return try await HTTPFace.offThePool { () -> Response in
            guard let signed = auth.signedIn(request) else { return ConsoleHTTP.redirect("/login?expired=1") }
            let visit = Visit(signed: signed, language: lang, query: [:])
            let form = ConsoleHTTP.form(bytes)
            guard let sent = form["csrf"],
                  InboundEndpoint.constantTimeEqual(Array(sent.utf8), Array(signed.session.csrfToken.utf8)) else {
                logger.notice("console form without a valid CSRF token", metadata: ["huifang.staff": "\(signed.member.name)"])
                return render("message", title: "error", signed: signed, language: lang, values: [:],
                              error: ConsoleText.text("csrf", lang), status: .forbidden)
            }
            do throws(HuifangError) {
                let done = try act(visit, form)
                flashes.set(signed.session.tokenHash, ok: true, done.notice ?? ConsoleText.text("saved", lang))
                return ConsoleHTTP.redirect(done.next ?? back(form))
            } catch {
                flashes.set(signed.session.tokenHash, ok: false, ConsoleErrorText.refusal(error, lang))
                return ConsoleHTTP.redirect(back(form))
            }
        }
    }

    /// Runs a command as the signed-in member: the command table checks and audits.
    func run<M: ControlMethod>(_ method: M.Type, _ args: M.Args, _ visit: Visit) throws(HuifangError) -> M.Result {
        try router.perform(method, args, as: visit.member).get()
    }

    /// Whether the member's role may run `method` (links and buttons shown only then).
    func may<M: ControlMethod>(_ method: M.Type, _ visit: Visit) -> Bool { method.access.allows(visit.signed.role) }

    /// A phone as staff read it in the clinic's region (`138 0000 0002`); `tel:` links keep E.164.
    func readable(_ phone: String) -> String { PhoneNumber.readable(phone, region: config.snapshot.service.defaultRegion) }

    func failure(_ error: HuifangError, _ visit: Visit) -> Response {
        let denied = error.code == .permissionDenied
        let status: HTTPResponse.Status = denied ? .forbidden : error.code == .notFound ? .notFound : .badRequest
        let text = ConsoleErrorText.refusal(error, visit.language)
        return render("message", title: denied ? "denied" : "error", signed: visit.signed, language: visit.language,
                      values: ["link": ["href": "/today", "label": ConsoleText.text("nav.today", visit.language)]], error: text, status: status)
    }

    func render(_ template: String, title: String, signed: ConsoleAuth.Signed?, language: ConsoleText.Language,
                values: [String: Any], error: String? = nil, status: HTTPResponse.Status = .ok, cookies: [String] = [],
                current: String? = nil) -> Response {
        let t = ConsoleText.table(language)
        var context = values
        context["t"] = ConsoleText.nested(language)
        context["lang"] = language.rawValue
        context["title"] = t[title] ?? title
        if let error { context["error"] = error }
        if let signed {
            context["me"] = signed.member.name
            context["csrf"] = signed.session.csrfToken
            if let flash = flashes.take(signed.session.tokenHash) { context[flash.ok ? "flash" : "error"] = flash.text }
            context["nav"] = navigation(signed.role, t, current: current)
        }
        let html = library.render(context, withTemplate: template) ?? "<!doctype html><p>template \(template) is missing</p>"
        return ConsoleHTTP.html(status, html, cookies: cookies)
    }

    /// The pages a role may open, decided by the commands they show.
    private func navigation(_ role: OperatorRole, _ t: [String: String], current: String?) -> [[String: Any]] {
        let pages: [(String, String, Bool)] = [
            ("/today", "nav.today", API.TaskList.access.allows(role)),
            ("/customers", "nav.customers", API.CustomerFind.access.allows(role)),
            ("/appointments", "nav.appointments", API.AppointmentList.access.allows(role)),
            ("/complaints", "nav.complaints", API.ComplaintList.access.allows(role)),
            ("/messages", "nav.messages", API.EndpointList.access.allows(role)),
            ("/reports", "nav.reports", API.ReportDaily.access.allows(role)),
        ]
        return pages.filter(\.2).map { ["href": $0.0, "label": t[$0.1] ?? $0.1, "current": $0.0 == current] }
    }

    func language(_ request: Request) -> ConsoleText.Language {
        ConsoleHTTP.cookie("hf_lang", in: request).flatMap(ConsoleText.Language.init(rawValue:)) ?? .zhHans
    }

    func body(_ request: Request, upTo limit: Int = ConsoleHTTP.maxFormBytes) async throws -> [UInt8] {
        do {
            return Array(try await request.body.collect(upTo: limit).readableBytesView)
        } catch {
            throw HTTPError(.contentTooLarge, message: "the form is larger than \(limit) bytes")
        }
    }
}
