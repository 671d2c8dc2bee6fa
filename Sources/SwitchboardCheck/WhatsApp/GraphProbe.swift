import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SwitchboardModel

/// A tenant's WhatsApp check against the Graph API: is the token valid, and is `phoneNumberId`
/// the number `whatsappNumber` says? Reads only (`GET`), the token in the `Authorization` header.
struct GraphProbe {
    var settings: WhatsAppSettings
    var token: String?
    var apiBase: String

    func run(deadline: Deadline) throws -> String {
        guard let token, !token.isEmpty else { throw CheckFailure("the API token is not readable here") }
        let base = apiBase.hasSuffix("/") ? String(apiBase.dropLast()) : apiBase
        let path: String
        if let id = settings.phoneNumberID {
            guard id.allSatisfy(\.isNumber) else { throw CheckFailure("phoneNumberId \(Excerpt.quoted(id)) is not a Graph API id (digits)") }
            path = "/\(id)?fields=display_phone_number,verified_name"
        } else {
            path = "/me"
        }
        guard let url = URL(string: base + path) else { throw CheckFailure("whatsapp.apiBase is not a URL") }
        var request = URLRequest(url: url, timeoutInterval: max(deadline.remaining, 0.1))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (status, body) = try fetch(request, deadline: deadline)
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any]
        guard status == 200 else { throw CheckFailure(Self.refusal(status: status, error: json?["error"] as? [String: Any], id: settings.phoneNumberID)) }
        guard let id = settings.phoneNumberID else { return "token valid (no phoneNumberId to match)" }
        guard let display = json?["display_phone_number"] as? String else {
            throw CheckFailure("the Graph API answered without display_phone_number for phoneNumberId \(id)")
        }
        let shown = ServerText.excerpt(display)
        guard let declared = settings.whatsappNumber else { return "token valid; phoneNumberId \(id) is \(shown)" }
        guard Self.digits(display) == Self.digits(declared) else {
            throw CheckFailure("wrong number: phoneNumberId \(id) is \(shown), not whatsappNumber \(declared)")
        }
        return "token valid; phoneNumberId \(id) is \(declared)"
    }

    /// The Graph API's error codes in words (190: the token; 463: expired; 100/803: no such object).
    static func refusal(status: Int, error: [String: Any]?, id: String?) -> String {
        let code = error?["code"] as? Int
        let subcode = error?["error_subcode"] as? Int
        let codes = code.map { "Graph API \(status), code \($0)" + (subcode.map { "/\($0)" } ?? "") } ?? "Graph API \(status)"
        switch (code, subcode) {
        case (190?, 463?): return "token expired (\(codes))"
        case (190?, _): return "token invalid (\(codes))"
        case (100?, _), (803?, _): return "phoneNumberId \(id ?? "") not found with this token (\(codes))"
        case (10?, _), (200?, _): return "the token may not read phoneNumberId \(id ?? "") (\(codes))"
        default: return status == 401 ? "token refused (\(codes))" : "the Graph API answered \(codes)"
        }
    }

    private func fetch(_ request: URLRequest, deadline: Deadline) throws -> (Int, Data) {
        final class Box: @unchecked Sendable {
            var result: Result<(Int, Data), CheckFailure> = .failure(CheckFailure("no answer"))
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let task = URLSession.shared.dataTask(with: request) { data, response, error in
            if let response = response as? HTTPURLResponse {
                box.result = .success((response.statusCode, data ?? Data()))
            } else if let error = error as? URLError, error.code == .timedOut {
                box.result = .failure(deadline.timeout())
            } else {
                box.result = .failure(CheckFailure("cannot reach the Graph API: \(Self.reason(error))"))
            }
            done.signal()
        }
        task.resume()
        if done.wait(timeout: .now() + deadline.remaining + 0.2) == .timedOut {
            task.cancel()
            throw deadline.timeout()
        }
        return try box.result.get()
    }

    private static func reason(_ error: Error?) -> String {
        guard let error = error as? URLError else { return "no HTTP response" }
        switch error.code {
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
             .serverCertificateHasUnknownRoot:
            return "TLS error"
        default: return "URL error \(error.code.rawValue)"
        }
    }

    static func digits(_ text: String) -> String { text.filter(\.isNumber) }
}
