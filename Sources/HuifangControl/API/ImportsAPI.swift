import HuifangCore

// The imports commands of the control protocol, declared once (see `ControlMethod`).

extension API {
    public enum ImportCustomers: ControlMethod {
        public typealias Args = ImportBatchArgs<CustomerAddArgs>
        public typealias Result = ImportResult
        public static let name = "import.customers"
        public static let summary = "check and add a batch of customers (one transaction); rows whose phone is known already are skipped"
        public static let access = Access.managers
        public static let mutates = true
    }

    public enum ImportVisits: ControlMethod {
        public typealias Args = ImportBatchArgs<VisitImportRow>
        public typealias Result = ImportResult
        public static let name = "import.visits"
        public static let summary = "check and record a batch of past visits as history (no follow-up plan); visits recorded already are skipped"
        public static let access = Access.managers
        public static let mutates = true
    }

    public enum ImportAppointments: ControlMethod {
        public typealias Args = ImportBatchArgs<AppointmentImportRow>
        public typealias Result = ImportResult
        public static let name = "import.appointments"
        public static let summary = "check and book a batch of coming appointments, reminders included; ones booked already are skipped"
        public static let access = Access.managers
        public static let mutates = true
    }
}
