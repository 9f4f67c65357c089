/// The aesthetic hospital of the customer-service 养客计划 (seeds 004; R-FU-1…7, R-MEM-1).
enum AestheticProfile {
    static let profile = Profiles.Profile(id: "aesthetic", title: "医疗美容医院（养客计划）", body: """

        # Membership: the five cards, by cumulative spend (R-MEM-1).
        [membership]
        points_per_100 = 5
        welcome_points = 100
        [[membership.tiers]]
        name = "VIP"
        from = 50000
        benefits = ["生日礼"]
        [[membership.tiers]]
        name = "银卡"
        from = 78000
        discount_percent = 10
        benefits = ["生日礼", "9折"]
        [[membership.tiers]]
        name = "金卡"
        from = 98000
        discount_percent = 15
        benefits = ["生日礼", "85折", "优先预约"]
        [[membership.tiers]]
        name = "白金卡"
        from = 168000
        discount_percent = 20
        benefits = ["生日礼", "8折", "优先预约"]
        [[membership.tiers]]
        name = "钻石卡"
        from = 288000
        discount_percent = 25
        benefits = ["生日礼", "75折", "优先预约", "专属顾问"]

        [[holidays]]
        id = "womens-day"
        date = "03-08"
        time = "10:00"
        audience = "tag:women"
        name = { zh-Hans = "三八妇女节", zh-Hant = "三八婦女節", en = "International Women's Day" }

        [appointments]
        reminder_hours = 24
        # Operations get a second reminder two hours before.
        second_reminder_hours = 2
        second_reminder_services = ["double-eyelid", "rhinoplasty", "hair-fut", "hair-fue"]
        channels = ["sms", "wechat"]

        # Pre-operative instructions, the day before an operation.
        [[appointments.preparation]]
        services = ["double-eyelid", "rhinoplasty"]
        before_hours = 30
        text = { zh-Hans = "{salutation}您好，您{time}的{service}请注意：术前六小时禁食禁水，当天勿化妆、勿戴首饰，穿前开扣上衣，带好身份证件，请家属陪同。如有感冒发烧或处于经期，请提前告诉我们。" }
        [[appointments.preparation]]
        services = ["hair-fut", "hair-fue"]
        before_hours = 30
        text = { zh-Hans = "{salutation}您好，您{time}的{service}请注意：术前一周停用生发药物，术前三天戒烟戒酒，术前一天洗净头发，当天穿前开扣上衣、吃好早餐。" }

        # The protocols: customer service after every treatment (R-FU-1), the consultant
        # (R-FU-2), then by kind of treatment (R-FU-3…6).
        [[protocols]]
        id = "care-calls"
        [[protocols.steps]]
        id = "2h"
        at = "2h"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}今天做了{service}，请两小时内电话回访：有无不适、术后注意事项是否清楚" }
        [[protocols.steps]]
        id = "day3"
        at = "day 3"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后第三天回访：恢复情况、是否按医嘱护理" }
        [[protocols.steps]]
        id = "day7"
        at = "day 7"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后第七天回访：效果与满意度" }

        [[protocols]]
        id = "consultant"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "consultant"
        text = { zh-Hans = "咨询师回访{salutation}（{service}）：一天内致电问候" }
        [[protocols.steps]]
        id = "month"
        at = "day 2-30"
        channel = "staff-task"
        assignee = "consultant"
        text = { zh-Hans = "咨询师再次回访{salutation}（{service}）：了解效果，介绍后续疗程" }

        [[protocols]]
        id = "skin"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "sms"
        text = { zh-Hans = "{salutation}您好，{clinic}提醒：{service}后请注意防晒保湿，三天内避免热水洗脸和化妆。", en = "Hello {salutation}, after your {service}: protect your skin from the sun and keep it moist." }
        [[protocols.steps]]
        id = "day3-5"
        at = "day 3-5"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后三到五天回访：有无红肿、结痂" }
        [[protocols.steps]]
        id = "day10-12"
        at = "day 10-12"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后十到十二天回访：效果、预约下次疗程" }

        [[protocols]]
        id = "energy"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后第一天回访：皮肤有无发红、灼热" }
        [[protocols.steps]]
        id = "day7-10"
        at = "day 7-10"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后七到十天回访：效果与下次治疗时间" }

        [[protocols]]
        id = "injectables"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后第一天回访：注射部位有无淤青、肿胀" }
        [[protocols.steps]]
        id = "day7-10"
        at = "day 7-10"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}后七到十天回访：形态是否自然" }
        [[protocols.steps]]
        id = "1m"
        at = "1 month"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}一个月回访" }
        [[protocols.steps]]
        id = "3m"
        at = "3 months"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}三个月回访：维持效果，是否需要补打" }
        [[protocols.steps]]
        id = "6m"
        at = "6 months"
        channel = "staff-task"
        assignee = "consultant"
        text = { zh-Hans = "{salutation}{service}半年回访：介绍下一次治疗" }

        [[protocols]]
        id = "surgery"
        # A second surgery or a repair within the year restarts the plan (R-FU-6).
        restart_within_days = 365
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
        text = { zh-Hans = "提醒{salutation}（{service}）术后七到十天来院拆线" }
        [[protocols.steps]]
        id = "1m"
        at = "1 month"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}术后一个月回访" }
        [[protocols.steps]]
        id = "3m"
        at = "3 months"
        channel = "staff-task"
        assignee = "doctor"
        text = { zh-Hans = "{salutation}{service}术后三个月复查" }
        [[protocols.steps]]
        id = "6m"
        at = "6 months"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}术后半年回访" }
        [[protocols.steps]]
        id = "12m"
        at = "12 months"
        channel = "staff-task"
        assignee = "doctor"
        text = { zh-Hans = "{salutation}{service}术后一年复查" }

        # Hair transplants: the dressing is changed on day 2; FUT stitches come out on day 10,
        # FUE leaves none; growth is checked over the year.
        [[protocols]]
        id = "hair"
        restart_within_days = 365
        [[protocols.steps]]
        id = "dressing"
        at = "day 2"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "提醒{salutation}（{service}）术后第二天来院换药、洗头" }
        [[protocols.steps]]
        id = "1m"
        at = "1 month"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}{service}一个月回访：脱落期说明" }
        [[protocols.steps]]
        id = "6m"
        at = "6 months"
        channel = "staff-task"
        assignee = "doctor"
        text = { zh-Hans = "{salutation}{service}半年复查：生长情况" }
        [[protocols.steps]]
        id = "12m"
        at = "12 months"
        channel = "staff-task"
        assignee = "doctor"
        text = { zh-Hans = "{salutation}{service}一年复查：最终效果" }

        [[protocols]]
        id = "hair-stitches"
        [[protocols.steps]]
        id = "stitches"
        at = "day 10"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "提醒{salutation}（{service}）术后第十天来院拆线" }

        # The services and what each starts. A consultation starts nothing.
        [[services]]
        id = "laser"
        name = { zh-Hans = "光子嫩肤", zh-Hant = "光子嫩膚", en = "IPL photorejuvenation" }
        aliases = ["激光", "光子", "IPL", "laser"]
        category = "skin"
        protocols = ["care-calls", "consultant", "skin"]

        [[services]]
        id = "hair-removal"
        name = { zh-Hans = "激光脱毛", zh-Hant = "激光脫毛", en = "laser hair removal" }
        aliases = ["脱毛"]
        category = "energy"
        protocols = ["care-calls", "energy"]

        [[services]]
        id = "thermage"
        name = { zh-Hans = "热玛吉", zh-Hant = "熱瑪吉", en = "Thermage" }
        aliases = ["射频", "射频紧致", "抗衰"]
        category = "energy"
        protocols = ["care-calls", "consultant", "energy"]

        [[services]]
        id = "hyaluronic"
        name = { zh-Hans = "玻尿酸填充", zh-Hant = "玻尿酸填充", en = "hyaluronic acid filler" }
        aliases = ["玻尿酸", "填充"]
        category = "injectables"
        protocols = ["care-calls", "consultant", "injectables"]

        [[services]]
        id = "botox"
        name = { zh-Hans = "肉毒素注射", zh-Hant = "肉毒素注射", en = "botulinum injection" }
        aliases = ["肉毒素", "瘦脸针", "除皱针"]
        category = "injectables"
        protocols = ["care-calls", "injectables"]

        [[services]]
        id = "double-eyelid"
        name = { zh-Hans = "双眼皮手术", zh-Hant = "雙眼皮手術", en = "double eyelid surgery" }
        aliases = ["双眼皮", "割双眼皮", "重睑"]
        category = "surgery"
        protocols = ["care-calls", "consultant", "surgery"]

        [[services]]
        id = "rhinoplasty"
        name = { zh-Hans = "隆鼻手术", zh-Hant = "隆鼻手術", en = "rhinoplasty" }
        aliases = ["隆鼻", "鼻综合"]
        category = "surgery"
        protocols = ["care-calls", "consultant", "surgery"]

        [[services]]
        id = "hair-fut"
        name = { zh-Hans = "头皮条植发", zh-Hant = "頭皮條植髮", en = "FUT hair transplant" }
        aliases = ["FUT", "FUT植发"]
        category = "hair"
        protocols = ["care-calls", "consultant", "hair", "hair-stitches"]

        [[services]]
        id = "hair-fue"
        name = { zh-Hans = "微针植发", zh-Hant = "微針植髮", en = "FUE hair transplant" }
        aliases = ["FUE", "FUE植发", "植发"]
        category = "hair"
        protocols = ["care-calls", "consultant", "hair"]

        [[services]]
        id = "consultation"
        name = { zh-Hans = "面诊", zh-Hant = "面診", en = "consultation" }
        aliases = ["咨询"]
        category = "consultation"

        """)
}
