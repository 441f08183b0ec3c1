/// The version every executable of this package reports with `--version`.
public enum HandoverVersion {
    /// The release, e.g. `1.0.0`.
    public static let current = "1.0.0"
}
