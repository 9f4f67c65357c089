/// The members' club (seeds 003; R-MEM-1 stars): a thank-you call after a private event,
/// member days and event invitations as campaigns.
enum ClubProfile {
    static let profile = Profiles.Profile(id: "members-club", title: "会所", greetings: """
        # Members are greeted on the anniversary of joining (their first purchase).
        anniversary = "membership"
        """, body: """

        # The star ladder, by cumulative spend (R-MEM-1).
        [membership]
        points_per_100 = 1
        [[membership.tiers]]
        name = "一星会员"
        from = 1
        benefits = ["生日礼"]
        [[membership.tiers]]
        name = "二星会员"
        from = 10000
        benefits = ["生日礼", "会员日优惠"]
        [[membership.tiers]]
        name = "三星会员"
        from = 50000
        discount_percent = 5
        benefits = ["生日礼", "会员日优惠", "优先订位"]
        [[membership.tiers]]
        name = "四星会员"
        from = 100000
        discount_percent = 10
        benefits = ["生日礼", "会员日优惠", "优先订位", "专属管家"]
        [[membership.tiers]]
        name = "五星会员"
        from = 500000
        discount_percent = 15
        benefits = ["生日礼", "会员日优惠", "优先订位", "专属管家", "私宴定制"]

        # Member days and event invitations are campaigns:
        #   huifangctl campaign create --name 会员日 --audience all --channel wechat --text "…"
        #   huifangctl campaign create --name 品鉴会 --audience tier:五星会员 --channel sms --text "…" --rsvp
        [[holidays]]
        id = "members-night"
        date = "12-20"
        time = "10:00"
        audience = "member"
        name = { zh-Hans = "年终会员答谢季", zh-Hant = "年終會員答謝季", en = "the members' year-end season" }

        [appointments]
        reminder_hours = 24
        channels = ["wechat", "sms"]

        [[protocols]]
        id = "thank-you"
        [[protocols.steps]]
        id = "day1"
        at = "day 1"
        channel = "staff-task"
        assignee = "customer-service"
        text = { zh-Hans = "致电{salutation}感谢光临{service}，了解满意度与建议" }

        [[protocols]]
        id = "wellness"
        [[protocols.steps]]
        id = "day3"
        at = "day 3"
        channel = "wechat"
        text = { zh-Hans = "{salutation}您好，感谢您近日光临{clinic}体验{service}，期待再次为您服务。" }

        [[services]]
        id = "banquet"
        name = { zh-Hans = "私人宴会", zh-Hant = "私人宴會", en = "private banquet" }
        aliases = ["宴会", "私宴", "包房"]
        category = "dining"
        protocols = ["thank-you"]

        [[services]]
        id = "spa"
        name = { zh-Hans = "水疗", zh-Hant = "水療", en = "spa" }
        aliases = ["SPA", "汤泉"]
        category = "wellness"
        protocols = ["wellness"]

        [[services]]
        id = "fitness"
        name = { zh-Hans = "私教课", zh-Hant = "私教課", en = "personal training" }
        aliases = ["健身", "私教"]
        category = "wellness"

        [[services]]
        id = "tea"
        name = { zh-Hans = "茶会", zh-Hant = "茶會", en = "tea gathering" }
        aliases = ["品茶", "茶艺"]
        category = "events"
        protocols = ["thank-you"]

        """)
}
