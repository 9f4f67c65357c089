/// The templates used when the configuration gives none, in the three languages (R-CUS-1).
public enum DefaultTemplates {
    public static let birthday = LocalizedTemplate([
        .zhHans: try! MessageTemplate("{salutation}，{clinic}祝您生日快乐，身体健康，万事如意！", allowed: GreetingPlanner.birthdayVariables),
        .zhHant: try! MessageTemplate("{salutation}，{clinic}祝您生日快樂，身體健康，萬事如意！", allowed: GreetingPlanner.birthdayVariables),
        .en: try! MessageTemplate("Happy birthday, {salutation}! Warm wishes from all of us at {clinic}.", allowed: GreetingPlanner.birthdayVariables),
    ])

    public static let holiday = LocalizedTemplate([
        .zhHans: try! MessageTemplate("{salutation}，{clinic}恭祝您{holiday}快乐，阖家安康！", allowed: GreetingPlanner.holidayVariables),
        .zhHant: try! MessageTemplate("{salutation}，{clinic}恭祝您{holiday}快樂，闔家安康！", allowed: GreetingPlanner.holidayVariables),
        .en: try! MessageTemplate("{clinic} wishes you a happy {holiday}, {salutation}!", allowed: GreetingPlanner.holidayVariables),
    ])

    public static let anniversary = LocalizedTemplate([
        .zhHans: try! MessageTemplate("{salutation}，今天是您与{clinic}相识{years}周年的日子，感谢您一路相伴，期待继续为您服务！", allowed: GreetingPlanner.anniversaryVariables),
        .zhHant: try! MessageTemplate("{salutation}，今天是您與{clinic}相識{years}週年的日子，感謝您一路相伴，期待繼續為您服務！", allowed: GreetingPlanner.anniversaryVariables),
        .en: try! MessageTemplate("{salutation}, it is {years} years today since we first met at {clinic}. Thank you for being with us.", allowed: GreetingPlanner.anniversaryVariables),
    ])

    public static let appointmentReminder = LocalizedTemplate([
        .zhHans: try! MessageTemplate("{salutation}您好，{clinic}提醒您：{time}在{place}有{service}预约（{staff}），请回复确认。", allowed: AppointmentSettings.variables),
        .zhHant: try! MessageTemplate("{salutation}您好，{clinic}提醒您：{time}在{place}有{service}預約（{staff}），請回覆確認。", allowed: AppointmentSettings.variables),
        .en: try! MessageTemplate("Hello {salutation}, a reminder from {clinic}: {service} with {staff} at {place}, {time}. Please reply to confirm.", allowed: AppointmentSettings.variables),
    ])
}
