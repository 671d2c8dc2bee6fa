import Foundation
import SwitchboardModel
import Testing

/// A route's `ManagedKey` is held as its channel and the rest: however it is made, it must be the
/// same key as the text `channel:rest`, in equality, hashing, order, coding and bytes.
struct ManagedKeyTests {
    /// Keys as ownership records hold them: routes of each channel, web keys with colons, keys that
    /// start with no channel (a brownfield `fax` route), none at all, and the other kinds.
    static let texts: [(ResourceKind, String)] = [
        (.routes, "vocal:+33123456789"), (.routes, "whatsapp:+33123456789"), (.routes, "web:widget-key-0001"),
        (.routes, "web:a:b:c"), (.routes, "web:"), (.routes, "fax:+33100000099"), (.routes, "vocal"), (.routes, ""),
        (.routes, ":vocal"), (.routes, "VOCAL:+33123456789"), (.routes, "vocal:+4930123456789012"), (.routes, "web:clé-é"),
        (.tenants, "42"), (.channels, "42:sms"), (.sipAccounts, "vocal:Trunk"), (.workflowBindings, "web:flow"),
    ]

    static func utf8Key(_ kind: ResourceKind, _ text: String) -> ManagedKey {
        Array(text.utf8).withUnsafeBufferPointer { ManagedKey(kind: kind, utf8: $0) }
    }

    @Test func aKeyReadBackIsTheTextItWasMadeFrom() {
        for (kind, text) in Self.texts {
            #expect(ManagedKey(kind: kind, key: text).key == text)
            #expect(Self.utf8Key(kind, text).key == text)
            #expect(Self.utf8Key(kind, text) == ManagedKey(kind: kind, key: text))
            #expect(ManagedKey(kind: kind, key: text).description == "\(kind.rawValue) \(text)")
        }
    }

    @Test func aRouteKeyIsTheSameKeyAsItsText() {
        for channel in RouteChannel.allCases {
            for rest in ["+33123456789", "a:b", ""] {
                let text = ManagedKey(kind: .routes, key: "\(channel.rawValue):\(rest)")
                let route = ManagedKey.route(RouteKey(channel: channel, key: rest))
                #expect(route == text)
                #expect(route.hashValue == text.hashValue)
                #expect(Set([text]).contains(route))
                #expect(route.key == "\(channel.rawValue):\(rest)")
            }
        }
        // Keys that only look alike stay apart.
        #expect(ManagedKey(kind: .routes, key: "vocal:+33123456789") != ManagedKey(kind: .routes, key: "vocal+33123456789"))
        #expect(ManagedKey(kind: .routes, key: "web:x") != ManagedKey(kind: .sipAccounts, key: "web:x"))
        #expect(Set(Self.texts.map { ManagedKey(kind: $0.0, key: $0.1) }).count == Self.texts.count)
    }

    @Test func keysSortByKindThenByTheBytesOfTheWholeKey() {
        let keys = Self.texts.map { ManagedKey(kind: $0.0, key: $0.1) }
        let byText = keys.sorted { a, b in
            a.kind != b.kind ? a.kind < b.kind : Array(a.key.utf8).lexicographicallyPrecedes(Array(b.key.utf8))
        }
        #expect(keys.sorted() == byText)
        #expect(keys.reversed().sorted() == byText)
    }

    @Test func aKeyIsCodedAsItsKindAndItsWholeKey() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let route = ManagedKey.route(RouteKey(channel: .vocal, key: "+33123456789"))
        #expect(String(decoding: try encoder.encode(route), as: UTF8.self) == #"{"key":"vocal:+33123456789","kind":"routes"}"#)
        for (kind, text) in Self.texts {
            let key = ManagedKey(kind: kind, key: text)
            #expect(try JSONDecoder().decode(ManagedKey.self, from: encoder.encode(key)) == key)
        }
    }

    /// Kinds sort in the order of their cases (the plan's order), and keys equal in all but the
    /// kind or the channel are distinct in a set.
    @Test func kindsSortInTheOrderOfTheirCasesAndKeysOfEachKindAreDistinct() {
        #expect(ResourceKind.allCases.reversed().sorted() == ResourceKind.allCases)
        let keys = ResourceKind.allCases.map { ManagedKey(kind: $0, key: "7") }
            + RouteChannel.allCases.map { ManagedKey(kind: .routes, key: "\($0.rawValue):7") }
        #expect(Set(keys).count == keys.count)
    }
}
