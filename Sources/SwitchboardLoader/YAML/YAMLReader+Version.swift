import CLibYAML

extension YAMLReader {
    /// The libyaml this process loaded, for `switchboard version`.
    public static var libraryVersion: String { String(cString: yaml_get_version_string()) }
}
