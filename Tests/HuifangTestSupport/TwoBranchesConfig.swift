/// The chain the branch tests share: 浦东 and 徐汇, in the clinic's zone.
public enum TwoBranchesConfig {
    /// `[[branches]]` tables for a test daemon's config (`DaemonHarness(extra:)`).
    /// `pudongReports`: 浦东's `report_channel`, if it has one.
    public static func toml(pudongReports: String? = nil) -> String {
        """
        [[branches]]
        id = "pudong"
        name = "回访口腔（浦东店）"
        \(pudongReports.map { "report_channel = \"\($0)\"" } ?? "")

        [[branches]]
        id = "xuhui"
        name = "回访口腔（徐汇店）"

        """
    }
}
