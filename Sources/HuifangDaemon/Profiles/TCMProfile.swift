/// The TCM wellness centre (seeds 000): a call after each session, course follow-ups, and
/// seasonal care at the turn of the seasons (节气).
enum TCMProfile {
    static let profile = Profiles.Profile(id: "tcm", title: "中医养生馆", body: """

        [membership]
        points_per_100 = 5
        # A tier is reached by spend, or by visits in the last 12 months (regulars rank by
        # how often they come as much as by what they spend).
        [[membership.tiers]]
        name = "银卡"
        from = 3000
        visits = 12
        benefits = ["生日养生茶饮"]
        [[membership.tiers]]
        name = "金卡"
        from = 10000
        visits = 24
        discount_percent = 5
        benefits = ["生日养生茶饮", "优先预约"]
        [[membership.tiers]]
        name = "白金卡"
        from = 30000
        discount_percent = 10
        benefits = ["生日养生茶饮", "优先预约", "专家定期会诊"]

        # Seasonal care: a greeting at the start of each season and at the winter solstice
        # (their usual dates; a solar term moves by a day in some years).
        [[holidays]]
        id = "lichun"
        date = "02-04"
        time = "09:30"
        name = { zh-Hans = "立春", zh-Hant = "立春", en = "the Beginning of Spring" }
        [[holidays]]
        id = "lixia"
        date = "05-05"
        time = "09:30"
        name = { zh-Hans = "立夏", zh-Hant = "立夏", en = "the Beginning of Summer" }
        [[holidays]]
        id = "liqiu"
        date = "08-07"
        time = "09:30"
        name = { zh-Hans = "立秋", zh-Hant = "立秋", en = "the Beginning of Autumn" }
        [[holidays]]
        id = "lidong"
        date = "11-07"
        time = "09:30"
        name = { zh-Hans = "立冬", zh-Hant = "立冬", en = "the Beginning of Winter" }
        [[holidays]]
        id = "dongzhi"
        date = "12-21"
        time = "09:30"
        name = { zh-Hans = "冬至", zh-Hant = "冬至", en = "the Winter Solstice" }

        [appointments]
        reminder_hours = 24
        channels = ["wechat", "sms"]

        # One session: a call the next day. A course (visit add --course 艾灸调理 --session 1
        # --sessions 10 --next-session …) gets the full follow-up after its first and last
        # session and a reminder two days before each next one (R-FU-7).
        [[protocols]]
        id = "session"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后次日回访：调理后的感受、睡眠与饮食" }

        [[protocols]]
        id = "course"
        [[protocols.steps]]
        id = "day7"
        at = "day 7"
        channel = "staff-task"
        assignee = "consultant"
        text = { zh-Hans = "养生顾问回访{salutation}：{service}一周后的变化，是否按养生方案调理" }
        [[protocols.steps]]
        id = "1m"
        at = "1 month"
        channel = "staff-task"
        assignee = "consultant"
        text = { zh-Hans = "养生顾问回访{salutation}：{service}一个月，调整养生方案" }

        [[services]]
        id = "tuina"
        name = { zh-Hans = "推拿", zh-Hant = "推拿", en = "tuina massage" }
        aliases = ["按摩", "推拿按摩"]
        category = "manual"
        protocols = ["session"]

        [[services]]
        id = "acupuncture"
        name = { zh-Hans = "针灸", zh-Hant = "針灸", en = "acupuncture" }
        aliases = ["扎针"]
        category = "needle"
        protocols = ["session", "course"]

        [[services]]
        id = "moxibustion"
        name = { zh-Hans = "艾灸", zh-Hant = "艾灸", en = "moxibustion" }
        aliases = ["灸疗"]
        category = "warming"
        protocols = ["session", "course"]

        [[services]]
        id = "cupping"
        name = { zh-Hans = "拔罐", zh-Hant = "拔罐", en = "cupping" }
        aliases = ["火罐"]
        category = "manual"
        protocols = ["session"]

        [[services]]
        id = "herbal"
        name = { zh-Hans = "中药调理", zh-Hant = "中藥調理", en = "herbal conditioning" }
        aliases = ["中药", "膏方"]
        category = "herbal"
        protocols = ["course"]

        [[services]]
        id = "constitution"
        name = { zh-Hans = "体质辨识", zh-Hant = "體質辨識", en = "constitution assessment" }
        aliases = ["体质检测"]
        category = "assessment"

        """)
}
