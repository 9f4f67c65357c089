/// The pet grooming shop (seeds 002; R-FU-8, R-PPL-4): a "how is your pet" message the next
/// day, the rebooking reminder after the breed's interval, pets' birthdays.
enum GroomingProfile {
    static let profile = Profiles.Profile(id: "pet-grooming", title: "宠物美容店", body: """

        [membership]
        points_per_100 = 10
        [[membership.tiers]]
        name = "银卡"
        from = 1000
        benefits = ["宠物生日礼"]
        [[membership.tiers]]
        name = "金卡"
        from = 3000
        discount_percent = 10
        benefits = ["宠物生日礼", "9折"]

        # Rebooking after a groom, by breed (else species), in days; pets' birthdays greet
        # their owners.
        [pets]
        rebook_days = { dog = 42, cat = 56, "泰迪" = 28, "贵宾" = 28, "比熊" = 28, "雪纳瑞" = 35, "博美" = 35, "柯基" = 35, "金毛" = 42, "萨摩耶" = 42 }
        birthdays = true

        [templates."pet.rebook"]
        zh-Hans = "{salutation}您好，{pet}上次{service}已有一段时间了，{clinic}提醒您为它预约下一次{service}。"

        [templates."pet.birthday"]
        zh-Hans = "{salutation}，今天是{pet}的生日，{clinic}祝它生日快乐、健健康康！"

        [appointments]
        reminder_hours = 24
        channels = ["wechat", "sms"]

        [[protocols]]
        id = "next-day"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "wechat"
        text = { zh-Hans = "{salutation}您好，{pet}这次的{service}您还满意吗？回家后状态如何？有任何问题请随时联系{clinic}。" }

        [[protocols]]
        id = "skin-care"
        [[protocols.steps]]
        id = "day3"
        at = "day 3"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "{salutation}的{pet}做了{service}，第三天电话回访皮肤情况" }

        [[services]]
        id = "grooming"
        name = { zh-Hans = "美容造型", zh-Hant = "美容造型", en = "grooming" }
        aliases = ["美容", "剪毛", "造型", "修剪"]
        category = "grooming"
        protocols = ["next-day"]

        [[services]]
        id = "bath"
        name = { zh-Hans = "洗护", zh-Hant = "洗護", en = "bath" }
        aliases = ["洗澡", "洗浴"]
        category = "bath"
        protocols = ["next-day"]

        [[services]]
        id = "spa"
        name = { zh-Hans = "药浴护理", zh-Hant = "藥浴護理", en = "medicated spa" }
        aliases = ["药浴", "SPA"]
        category = "care"
        protocols = ["next-day", "skin-care"]

        [[services]]
        id = "nails"
        name = { zh-Hans = "修甲", zh-Hant = "修甲", en = "nail trim" }
        aliases = ["剪指甲"]
        category = "care"

        """)
}
