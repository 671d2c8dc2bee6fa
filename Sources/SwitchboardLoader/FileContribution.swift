import SwitchboardModel

/// What one file declares, plus the extra locations the cross-file rules need to name every place
/// involved in a conflict.
struct FileContribution: Sendable {
    var state = DesiredState()
    var diagnostics: [Diagnostic] = []
    /// Where each tenant's slug is written (the `tenant` key when it comes from the file name).
    var slugLocations: [Int64: SourceLocation] = [:]
    /// Where `default: true` is written, by account label.
    var defaultLocations: [String: SourceLocation] = [:]
    /// National numbers completed with `defaultRegion` in a tenant without `country`.
    var completedWithDefaultRegion: [PhoneContext.Completion] = []
    /// SHA-256 of the file's bytes as parsed (empty when it was not read): the source digest is
    /// made of these, without reading every file again.
    var digest: [UInt8] = []

    var declaresAccounts: Bool { !state.sipAccounts.isEmpty || !state.workflowBindings.isEmpty }
}
