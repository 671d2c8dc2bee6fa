/// What this build of switchboard is: `switchboard version`, `--version` and
/// `switchboard_build_info`.
public enum BuildInfo {
    public static let version = "0.1.0"
    /// The git revision built from; a build from a working tree says `unknown` (release archives
    /// are built by scripts/package.sh, which writes it here for the build).
    public static let revision = "unknown"
}
