/// The dental clinic (seeds 001; R-FU-8): care calls after extractions and implants, the
/// six-month recall, and chronic patients' own intervals.
enum DentalProfile {
    static let profile = Profiles.Profile(id: "dental", title: "口腔诊所", body: """

        [membership]
        points_per_100 = 2
        [[membership.tiers]]
        name = "银卡"
        from = 5000
        benefits = ["生日礼", "免费洁牙一次"]
        [[membership.tiers]]
        name = "金卡"
        from = 20000
        discount_percent = 5
        benefits = ["生日礼", "优先预约"]
        [[membership.tiers]]
        name = "钻石卡"
        from = 50000
        discount_percent = 10
        benefits = ["生日礼", "优先预约", "专属医生"]

        [appointments]
        reminder_hours = 24
        second_reminder_hours = 2
        second_reminder_services = ["extraction", "implant"]
        channels = ["sms", "wechat"]

        # Chronic patients (periodontitis and the like) get the interval their dentist sets,
        # as a repeating task: `huifangctl task add --customer ID --at "3 months" --staff 张医生
        # --note "牙周维护复诊" --every 3m` plans the next one each time it is closed.

        [[protocols]]
        id = "extraction"
        [[protocols.steps]]
        id = "2h"
        at = "2h"
        channel = "sms"
        text = { zh-Hans = "{salutation}您好，{clinic}提醒：拔牙后咬紧棉球半小时，两小时后方可进食，二十四小时内不要刷牙漱口、不要吸吸管。如出血不止请致电我们。" }
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}拔牙后第一天回访：出血、疼痛、肿胀情况" }
        [[protocols.steps]]
        id = "day7"
        at = "day 7"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "提醒{salutation}拔牙后第七天来院拆线、复查" }

        [[protocols]]
        id = "implant"
        restart_within_days = 180
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "doctor"
        text = { zh-Hans = "主治医生回访{salutation}（{service}）：术后第一天，疼痛、出血、肿胀" }
        [[protocols.steps]]
        id = "stitches"
        at = "day 7-10"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "提醒{salutation}种植术后七到十天来院拆线" }
        [[protocols.steps]]
        id = "1m"
        at = "1 month"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}种植术后一个月回访" }
        [[protocols.steps]]
        id = "3m"
        at = "3 months"
        channel = "staff-task"
        assignee = "doctor"
        text = { zh-Hans = "{salutation}种植术后三个月复查骨结合，预约戴牙" }

        [[protocols]]
        id = "treatment"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后第一天回访：有无疼痛、咬合不适" }

        [[protocols]]
        id = "recall"
        [[protocols.steps]]
        id = "6m"
        at = "6 months"
        channel = "staff-task"
        assignee = "front-desk"
        text = { zh-Hans = "{salutation}距上次{service}已满半年，请电话邀约口腔检查" }

        [[services]]
        id = "checkup"
        name = { zh-Hans = "口腔检查", zh-Hant = "口腔檢查", en = "dental check-up" }
        aliases = ["检查", "看牙", "复查"]
        category = "prevention"
        protocols = ["recall"]

        [[services]]
        id = "cleaning"
        name = { zh-Hans = "洗牙", zh-Hant = "洗牙", en = "scale and polish" }
        aliases = ["洁牙", "超声波洁牙"]
        category = "prevention"
        protocols = ["recall"]

        [[services]]
        id = "extraction"
        name = { zh-Hans = "拔牙", zh-Hant = "拔牙", en = "extraction" }
        aliases = ["拔智齿", "智齿"]
        category = "surgery"
        protocols = ["extraction", "recall"]

        [[services]]
        id = "implant"
        name = { zh-Hans = "种植牙", zh-Hant = "種植牙", en = "dental implant" }
        aliases = ["种植", "种牙"]
        category = "surgery"
        protocols = ["implant"]

        [[services]]
        id = "root-canal"
        name = { zh-Hans = "根管治疗", zh-Hant = "根管治療", en = "root canal treatment" }
        aliases = ["根管"]
        category = "treatment"
        protocols = ["treatment"]

        [[services]]
        id = "filling"
        name = { zh-Hans = "补牙", zh-Hant = "補牙", en = "filling" }
        aliases = ["充填"]
        category = "treatment"
        protocols = ["treatment", "recall"]

        [[services]]
        id = "orthodontics"
        name = { zh-Hans = "牙齿矫正", zh-Hant = "牙齒矯正", en = "orthodontics" }
        aliases = ["正畸", "矫正", "牙套"]
        category = "orthodontics"

        """)
}
