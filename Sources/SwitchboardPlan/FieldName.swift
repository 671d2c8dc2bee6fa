/// The name of a field a change sets, as plans show it (`trunkUri`, `tenant`). Typed so that what
/// the renderers and the risk rules look for is the constant the differ wrote, never a string
/// spelled twice. Each kind declares its own names in its file under `Kinds/`; these two are
/// every kind's. Encoded as the bare name, so saved plans and JSON plans read as before.
public struct FieldName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    init(_ rawValue: String) { self.rawValue = rawValue }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// A row made by hand that the files now declare: the plan takes it over.
    static let managed = FieldName("managed")
    static let active = FieldName("active")
}
