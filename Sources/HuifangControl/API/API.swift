/// Every command of the control protocol. The daemon must register a handler for each
/// (and no other); a test holds it to that.
public enum API {
    public static let all: [any ControlMethod.Type] = [
        AppointmentAdd.self, AppointmentList.self, AppointmentShow.self, AppointmentConfirm.self, AppointmentCheckin.self,
        AppointmentCancel.self, AppointmentReschedule.self, ArrearsSet.self, ArrearsPay.self,
        ArrearsShow.self, AuditList.self, BackupNow.self, BackupList.self,
        BackupVerify.self, BackupRestore.self, Help.self, AdminRotateKey.self, AdminPlanNow.self, AdminCopyStore.self, Status.self,
        ComplaintOpen.self, ComplaintRespond.self, ComplaintResolve.self, ComplaintSatisfaction.self,
        ComplaintClose.self, ComplaintShow.self, ComplaintList.self, CustomerErase.self,
        CustomerAdd.self, CustomerEdit.self, CustomerFind.self, CustomerMerge.self, PetAdd.self, PetList.self, PetEdit.self, CustomerShow.self, CustomerList.self, CustomerOptOut.self,
        CustomerOptIn.self, CustomerContacts.self, ContactAdd.self, CustomerHealth.self, CustomerHealthSet.self,
        EndpointList.self, EndpointPause.self, EndpointResume.self, VisitAdd.self,
        TaskList.self, TaskDone.self, TaskNoAnswer.self, TaskAbnormal.self, TaskAdd.self, TaskAssign.self, TaskMove.self, StaffAdd.self, StaffList.self, StaffEdit.self, StaffPasswd.self, ServiceList.self, EndpointRotate.self, AdminLogLevel.self, CampaignCreate.self, CampaignList.self, CampaignShow.self, CampaignRSVP.self,
        Forecast.self, ReportMonthly.self, ReportAgenda.self, ReportDaily.self,
        ReportWeekly.self, ReportPlan.self, ImportCustomers.self, ImportVisits.self,
        ImportAppointments.self, PurchaseAdd.self, PointsLedger.self, MessageSchedule.self,
        MessageList.self, MessageShow.self, MessageWhy.self, MessageRetry.self, MessageReplay.self,
    ]
}
