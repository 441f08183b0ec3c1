/// Why a test broker could not be had.
public enum TestBrokerError: Error, CustomStringConvertible {
    /// `TEST_KAFKA_BROKER=tansu` but no tansu binary was found.
    case tansuMissing

    public var description: String {
        switch self {
        case .tansuMissing:
            "TEST_KAFKA_BROKER=tansu but tansu is not installed: run scripts/install-deps (or set TANSU_BIN)"
        }
    }
}
