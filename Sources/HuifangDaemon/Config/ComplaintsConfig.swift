import HuifangCore

/// `[complaints]`: deadlines per severity (R-CMP-2), e.g.
/// `normal = { response_hours = 24, resolution_hours = 72 }`.
extension HuifangConfig {
    static func readComplaints(_ root: inout ConfigReader, into config: inout HuifangConfig) throws(ConfigError) {
        guard var t = try root.table("complaints") else { return }
        for severity in Complaint.Severity.allCases {
            guard var d = try t.table(severity.rawValue) else { continue }
            let base = ComplaintDeadlines.defaults[severity]!
            let response = try d.int("response_hours", default: Int(base.response / 3600), range: 1...24 * 30)
            let resolution = try d.int("resolution_hours", default: Int(base.resolution / 3600), range: 1...24 * 90)
            if resolution < response {
                throw d.error("[complaints.\(severity.rawValue)] resolution_hours must not be shorter than response_hours",
                              at: d.position(of: "resolution_hours"))
            }
            try d.rejectUnknownKeys(allowed: ["response_hours", "resolution_hours"])
            config.complaintDeadlines[severity] = ComplaintDeadlines(responseHours: response, resolutionHours: resolution)
        }
        try t.rejectUnknownKeys(allowed: Complaint.Severity.allCases.map(\.rawValue))
    }
}
