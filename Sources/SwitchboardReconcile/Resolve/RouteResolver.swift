import Foundation
import SwitchboardModel
import SwitchboardStore

/// `switchboard resolve CHANNEL KEY`: which tenant the platform gives a call, a message or a chat,
/// by the platform's own rules (routes document): the key normalised as it stores keys, `web`
/// without a key → the default tenant 1, an unknown `web` key → refused (its 401).
public struct RouteResolver {
    /// Where the routes are read: the files (with their locations) or the database.
    public enum Source {
        case files(DesiredState)
        case database(RouteLookup)
    }

    let source: Source
    /// How a national number is read (`--region`, else `defaultRegion`).
    let region: String?

    public init(source: Source, region: String?) {
        self.source = source
        self.region = region
    }

    /// - Throws: `ResolveError` for a key that cannot be a key of this channel, or the database's error.
    public func resolve(channel: RouteChannel, input: String) throws -> Resolution {
        let key: String
        var parsedAs: String?
        if channel.usesPhoneKeys {
            switch PhoneNumber.parse(input, region: region) {
            case .success(let number):
                key = number.e164
                parsedAs = number.completedAs.map { "a national number of \($0)" } ?? "a number of \(number.region)"
            case .failure(let problem): throw ResolveError(message: "\(channel.rawValue) key \(problem)")
            }
        } else {
            // An HTTP header value: HTTP strips surrounding spaces and tabs (RFC 9110 OWS), nothing else.
            key = Self.trimmingHeaderWhitespace(input)
        }
        var resolution = Resolution(channel: channel, input: input, key: key, source: sourceName)
        resolution.parsedAs = parsedAs
        if channel == .web, key.isEmpty {
            // No X-Tenant-Key (or an empty one): the platform uses the default tenant.
            resolution.outcome = .defaultTenant
            resolution.tenant = try tenant(Tenant.defaultTenantID).map(Resolution.TenantAnswer.init)
                ?? Resolution.TenantAnswer(id: Tenant.defaultTenantID)
        } else if let route = try route(RouteKey(channel: channel, key: key)) {
            resolution.route = Resolution.RouteAnswer(active: route.isActive, location: route.location)
            resolution.tenant = try tenant(route.tenantID).map(Resolution.TenantAnswer.init)
                ?? Resolution.TenantAnswer(id: route.tenantID)
            resolution.outcome = .routed
        }
        if resolution.outcome != .unknown, resolution.route?.active == false || resolution.tenant?.active == false {
            resolution.outcome = .inactive
        }
        return resolution
    }

    static func trimmingHeaderWhitespace(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    private var sourceName: String {
        switch source {
        case .files: "files"
        case .database: "database"
        }
    }

    private func route(_ key: RouteKey) throws -> Route? {
        switch source {
        case .files(let state): state.routes.first { $0.key == key }
        case .database(let lookup): try lookup.route(key)
        }
    }

    private func tenant(_ id: Int64) throws -> Tenant? {
        switch source {
        case .files(let state): state.tenants.first { $0.id == id }
        case .database(let lookup): try lookup.tenant(id: id)
        }
    }
}

/// A key that cannot be a key of its channel (a web key is anything; a phone key must normalise).
public struct ResolveError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
