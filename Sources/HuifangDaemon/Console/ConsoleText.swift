import HuifangCore

/// The console's words, in zh-Hans (the default) and English. Templates read them as
/// `{{t.key}}`; a key missing in English falls back to Chinese.
enum ConsoleText {
    enum Language: String, Sendable, CaseIterable {
        case zhHans = "zh-Hans"
        case en
    }

    static func table(_ language: Language) -> [String: String] {
        language == .en ? zh.merging(en) { $1 } : zh
    }

    static func text(_ key: String, _ language: Language) -> String { table(language)[key] ?? key }

    /// A word with numbers in it: each `%d`, in order, becomes the next of `numbers`
    /// (`第 %d 行：` → `第 3 行：`).
    static func text(_ key: String, _ language: Language, _ numbers: Int...) -> String {
        numbers.reduce(text(key, language)) { text, number in
            guard let range = text.range(of: "%d") else { return text }
            return text.replacingCharacters(in: range, with: "\(number)")
        }
    }

    /// The table as templates read it: `task.phone` becomes `{{t.task.phone}}`.
    static func nested(_ language: Language) -> [String: Any] { language == .en ? nestedEnglish : nestedChinese }

    // Immutable once built; `Any` only hides that they hold strings and dictionaries of strings.
    nonisolated(unsafe) private static let nestedChinese = nest(.zhHans)
    nonisolated(unsafe) private static let nestedEnglish = nest(.en)

    private static func nest(_ language: Language) -> [String: Any] {
        var root: [String: Any] = [:]
        func insert(_ node: inout [String: Any], _ path: ArraySlice<Substring>, _ value: String) {
            guard let head = path.first.map(String.init) else { return }
            if path.count == 1 { node[head] = value; return }
            var child = node[head] as? [String: Any] ?? [:]
            insert(&child, path.dropFirst(), value)
            node[head] = child
        }
        for (key, value) in table(language) { insert(&root, key.split(separator: ".")[...], value) }
        return root
    }

    static let zh: [String: String] = [
        "product": "回访", "skip": "跳到正文",
        "nav.today": "今日", "nav.customers": "客户", "nav.appointments": "预约", "nav.complaints": "投诉",
        "nav.messages": "消息", "nav.reports": "报表", "logout": "退出", "switch.label": "English", "switch.code": "en",
        "login.title": "登录", "login.name": "姓名", "login.password": "密码", "login.submit": "登录",
        "login.failed": "姓名或密码不对。", "login.locked": "连续输错次数过多，账号已锁定，请稍后再试或请主管重设密码。",
        "login.throttled": "尝试太频繁，请一分钟后再试。", "login.expired": "登录已超时，请重新登录。",
        "denied": "您的角色无权查看或操作此处。", "csrf": "页面已过期，请刷新后重试。", "notfound": "没有这一页。",
        "saved": "已保存。", "error": "未能完成：",
        "today.title": "今日回访", "today.mine": "我的任务", "today.overdue": "已逾期", "today.none": "今天没有待办任务。", "today.nooverdue": "没有逾期任务。",
        "task.customer": "客户", "task.phone": "电话", "task.service": "项目", "task.visit": "到店", "task.due": "应办",
        "task.say": "要说的", "task.note": "备注", "task.done": "已完成", "task.noanswer": "未接通", "task.abnormal": "异常",
        "task.assignee": "负责人",
        "customers.title": "客户", "customers.find": "按手机尾号、姓名或邮箱查找", "customers.search": "查找",
        "customers.none": "没有找到客户。", "customers.short": "手机尾号请至少写 4 位。", "customer.story": "客户档案", "customer.visits": "到店记录",
        "customer.appointments": "预约", "customer.complaints": "投诉", "customer.tasks": "待办", "customer.messages": "近期消息",
        "customer.contacts": "沟通记录", "customer.forecast": "未来 30 天将发送", "customer.points": "积分",
        "customer.tier": "会员等级", "customer.consent": "已退订渠道", "customer.branch": "所属门店", "customer.edit": "修改资料", "customer.save": "保存",
        "customer.name": "姓名", "customer.phone": "手机", "customer.email": "邮箱", "customer.notes": "备注",
        "customer.birthday": "生日", "customer.contact.add": "记录一次沟通", "customer.contact.channel": "方式",
        "customer.contact.note": "内容", "customer.contact.save": "记录", "customer.why": "原因",
        "record.new": "新客户登记", "record.gender": "性别", "record.gender_unknown": "不详", "record.gender_female": "女",
        "record.gender_male": "男", "record.birthday_hint": "1990年5月12日，农历写 三月初八", "record.add": "登记",
        "record.added": "已登记：", "record.visit": "记录到店", "record.service": "项目", "record.staff": "医生/员工",
        "record.amount": "金额（元）", "record.save": "记录", "record.visited": "已记录到店：", "record.tasks": "，已安排 %d 项回访",
        "record.complaint": "登记投诉", "record.channel": "来源", "record.content": "内容", "record.severity": "级别",
        "record.opened": "已登记投诉 ", "record.pets": "宠物", "record.pet": "宠物", "record.pet_add": "添加宠物",
        "import.title": "批量导入", "import.link": "批量导入客户、到店记录、预约", "import.file": "CSV 文件", "import.upload": "上传表格",
        "import.kind": "表格内容", "import.kind_customers": "客户", "import.kind_visits": "到店记录", "import.kind_appointments": "预约",
        "import.help_customers": "姓名（必填）、手机、邮箱、微信、生日、农历（是/否）、性别、标签、备注；已登记过的手机号会跳过。",
        "import.help_visits": "手机（或客户编号）、项目、医生/员工、时间（2026-11-28 15:00）、金额；只作历史，不安排回访；导入过的会跳过。",
        "import.help_appointments": "手机（或客户编号）、项目、医生/员工、预约时间（2026-12-01 15:00）、时长（分钟）、地点；会发预约提醒；已有的会跳过。",
        "import.help": "第一行是表头，写上面的栏目名；其他栏目不导入。Excel 请「另存为」→「CSV UTF-8（逗号分隔）」。",
        "import.skip": "跳过有误的行，导入其余的", "import.go": "上传并导入", "import.result": "导入结果",
        "import.summary_customers": "共 %d 行：新客户 %d 位，已登记 %d 位（跳过），有误 %d 行。",
        "import.summary_visits": "共 %d 行：新到店记录 %d 条，已有 %d 条（跳过），有误 %d 行。",
        "import.summary_appointments": "共 %d 行：新预约 %d 个，已有 %d 个（跳过），有误 %d 行。",
        "import.refused": "有误的行改好后再上传，或勾选「跳过有误的行」。这次什么都没有导入。",
        "import.imported_customers": "已导入 %d 位客户。", "import.imported_visits": "已导入 %d 条到店记录。",
        "import.imported_appointments": "已导入 %d 个预约，预约提醒已安排。",
        "import.line": "第 %d 行：", "import.wrong": "填写有误", "import.more": "……还有 %d 行有误。", "import.ignored": "没有导入的栏目：",
        "import.too_big": "文件太大：一次最多 8 MB。", "import.no_file": "请选择要上传的 CSV 文件。",
        "import.unreadable": "文件读不出来：请另存为「CSV UTF-8」再上传。",
        "record.pet_name": "宠物名字", "record.species": "种类", "record.breed": "品种", "record.pet_added": "已添加宠物：",
        "appointments.title": "预约簿", "appointments.day": "日", "appointments.week": "周", "appointments.staff": "医生/员工",
        "appointments.all": "全部", "appointments.none": "这段时间没有预约。", "appointments.add": "新增预约",
        "appointments.customer": "客户", "appointments.booked": "已预约：", "appointments.who_hint": "手机尾号、姓名或 #编号", "appointments.service": "项目", "appointments.start": "开始时间",
        "appointments.duration": "时长（分钟）", "appointments.place": "地点", "appointments.confirm": "确认",
        "appointments.checkin": "到店", "appointments.cancel": "取消", "appointments.reschedule": "改期",
        "appointments.status": "状态", "appointments.go": "查看", "appointments.date": "日期",
        "complaints.title": "投诉看板", "complaints.received": "已受理", "complaints.investigating": "处理中",
        "complaints.resolved": "已解决", "complaints.none": "无", "complaints.respond": "回应", "complaints.resolve": "解决",
        "complaints.satisfied": "满意", "complaints.notsatisfied": "不满意", "complaints.left": "剩余", "complaints.overdue": "已超时",
        "complaints.escalated": "已升级", "complaints.owner": "负责人", "colon": "：", "complaints.note": "说明", "complaints.severity": "级别",
        "messages.title": "消息流", "messages.endpoint": "通道", "messages.state": "状态", "messages.pending": "待发",
        "messages.overdue": "逾期", "messages.dead": "失败", "messages.delivered": "今日送达", "messages.lag": "最久等待",
        "messages.pause": "暂停", "messages.resume": "恢复", "messages.deadletters": "发送失败的消息", "messages.reason": "原因",
        "messages.replay": "全部重发", "messages.retry": "重发", "messages.none": "没有发送失败的消息。",
        "reports.title": "报表", "reports.branch": "门店", "reports.chain": "全部门店", "reports.daily": "日结", "reports.weekly": "本周小结", "reports.plan": "下月计划",
        "seconds": "秒",
    ]

    static let en: [String: String] = [
        "product": "Huifang", "skip": "Skip to content",
        "nav.today": "Today", "nav.customers": "Customers", "nav.appointments": "Appointments", "nav.complaints": "Complaints",
        "nav.messages": "Messages", "nav.reports": "Reports", "logout": "Log out", "switch.label": "中文", "switch.code": "zh-Hans",
        "login.title": "Log in", "login.name": "Name", "login.password": "Password", "login.submit": "Log in",
        "login.failed": "Wrong name or password.", "login.locked": "Too many wrong passwords: the account is locked for a while; ask a manager to reset it.",
        "login.throttled": "Too many attempts; try again in a minute.", "login.expired": "Your session ended; please log in again.",
        "denied": "Your role may not see or do this.", "csrf": "The page was stale; reload it and try again.", "notfound": "No such page.",
        "saved": "Saved.", "error": "Not done: ",
        "today.title": "Today's calls", "today.mine": "My tasks", "today.overdue": "Overdue", "today.none": "Nothing to do today.", "today.nooverdue": "Nothing overdue.",
        "task.customer": "Customer", "task.phone": "Phone", "task.service": "Service", "task.visit": "Visit", "task.due": "Due",
        "task.say": "What to say", "task.note": "Note", "task.done": "Done", "task.noanswer": "No answer", "task.abnormal": "Abnormal",
        "task.assignee": "Assignee",
        "customers.title": "Customers", "customers.find": "Phone ending, name or e-mail", "customers.search": "Find",
        "customers.none": "No customer found.", "customers.short": "Type at least the last 4 digits of the phone.", "customer.story": "Customer", "customer.visits": "Visits",
        "customer.appointments": "Appointments", "customer.complaints": "Complaints", "customer.tasks": "Open tasks",
        "customer.messages": "Messages queued", "customer.contacts": "Contacts", "customer.forecast": "Next 30 days",
        "customer.points": "Points", "customer.tier": "Tier", "customer.consent": "Opted out of", "customer.branch": "Branch", "customer.edit": "Edit",
        "customer.save": "Save", "customer.name": "Name", "customer.phone": "Phone", "customer.email": "E-mail",
        "customer.notes": "Notes", "customer.birthday": "Birthday", "customer.contact.add": "Record a contact",
        "customer.contact.channel": "Channel", "customer.contact.note": "Note", "customer.contact.save": "Record", "customer.why": "Why",
        "record.new": "New customer", "record.gender": "Gender", "record.gender_unknown": "Not given", "record.gender_female": "Female",
        "record.gender_male": "Male", "record.birthday_hint": "1990-05-12 or 三月初八", "record.add": "Add",
        "record.added": "Added: ", "record.visit": "Record a visit", "record.service": "Service", "record.staff": "Staff",
        "record.amount": "Amount", "record.save": "Record", "record.visited": "Visit recorded: ", "record.tasks": "; %d follow-ups planned",
        "record.complaint": "Record a complaint", "record.channel": "Came by", "record.content": "What happened", "record.severity": "Severity",
        "record.opened": "Complaint recorded ", "record.pets": "Pets", "record.pet": "Pet", "record.pet_add": "Add a pet",
        "import.title": "Import", "import.link": "Import customers, visits, appointments", "import.file": "CSV file", "import.upload": "Upload a spreadsheet",
        "import.kind": "The file holds", "import.kind_customers": "Customers", "import.kind_visits": "Past visits", "import.kind_appointments": "Appointments",
        "import.help_customers": "name (required), phone, email, wechat, birthday, lunar (yes/no), gender, tags, notes; phones on file are skipped.",
        "import.help_visits": "phone (or customer id), service, staff, at (2026-11-28 15:00), amount; history only, no follow-ups; ones imported before are skipped.",
        "import.help_appointments": "phone (or customer id), service, staff, start (2026-12-01 15:00), duration (minutes), place; reminders are planned; ones booked are skipped.",
        "import.help": "The first row names the columns above; other columns are left out. From Excel: Save As, CSV UTF-8.",
        "import.skip": "Skip the rows with mistakes, import the rest", "import.go": "Upload and import", "import.result": "Result",
        "import.summary_customers": "%d rows: %d new customers, %d on file already (skipped), %d with mistakes.",
        "import.summary_visits": "%d rows: %d new visits, %d on file already (skipped), %d with mistakes.",
        "import.summary_appointments": "%d rows: %d new appointments, %d booked already (skipped), %d with mistakes.",
        "import.refused": "Nothing was imported: correct the rows with mistakes and upload again, or tick Skip.",
        "import.imported_customers": "%d customers imported.", "import.imported_visits": "%d visits imported.",
        "import.imported_appointments": "%d appointments imported, their reminders planned.",
        "import.line": "Line %d: ", "import.wrong": "is wrong", "import.more": "… and %d more rows with mistakes.", "import.ignored": "Columns left out: ",
        "import.too_big": "The file is too large: 8 MB at most.", "import.no_file": "Choose a CSV file to upload.",
        "import.unreadable": "The file cannot be read: save it as CSV UTF-8 and upload it again.",
        "record.pet_name": "Pet's name", "record.species": "Species", "record.breed": "Breed", "record.pet_added": "Pet added: ",
        "appointments.title": "Appointment book", "appointments.day": "Day", "appointments.week": "Week",
        "appointments.staff": "Staff", "appointments.all": "All", "appointments.none": "No appointments.",
        "appointments.add": "New appointment", "appointments.customer": "Customer", "appointments.booked": "Booked: ", "appointments.who_hint": "phone ending, name or #number", "appointments.service": "Service",
        "appointments.start": "Start", "appointments.duration": "Minutes", "appointments.place": "Place",
        "appointments.confirm": "Confirm", "appointments.checkin": "Check in", "appointments.cancel": "Cancel",
        "appointments.reschedule": "Reschedule", "appointments.status": "Status", "appointments.go": "Show", "appointments.date": "Date",
        "complaints.title": "Complaints", "complaints.received": "Received", "complaints.investigating": "Investigating",
        "complaints.resolved": "Resolved", "complaints.none": "None", "complaints.respond": "Respond", "complaints.resolve": "Resolve",
        "complaints.satisfied": "Satisfied", "complaints.notsatisfied": "Not satisfied", "complaints.left": "left",
        "complaints.overdue": "overdue", "complaints.escalated": "escalated", "complaints.owner": "Owner", "colon": ": ", "complaints.note": "Note",
        "complaints.severity": "Severity",
        "messages.title": "Message flow", "messages.endpoint": "Endpoint", "messages.state": "State", "messages.pending": "Pending",
        "messages.overdue": "Overdue", "messages.dead": "Dead", "messages.delivered": "Delivered today", "messages.lag": "Oldest due",
        "messages.pause": "Pause", "messages.resume": "Resume", "messages.deadletters": "Dead letters", "messages.reason": "Reason",
        "messages.replay": "Replay all", "messages.retry": "Retry", "messages.none": "No dead letters.",
        "reports.title": "Reports", "reports.branch": "Branch", "reports.chain": "All branches", "reports.daily": "Daily close", "reports.weekly": "This week", "reports.plan": "Next month",
        "seconds": "s",
    ]
}
