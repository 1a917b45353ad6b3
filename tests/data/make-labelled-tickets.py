#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes tests/data/labelled-tickets.tsv: realistic help-desk tickets in
Chinese and English, labelled with the level-1/level-2 types
(and the phrasing template each came from) of taxonomy A
(data/presets/default.json). Deterministic (fixed seed), so the benchmark
figures in docs/intake.md can be reproduced.

The phrasings are written the way customers and agents put things, many of
them without the configured rule keywords (积分, 退款, login…) and some with a
keyword that belongs to another type (a refund complaint that mentions
"login"), so the keyword rules alone are not enough.

  tests/data/make-labelled-tickets.py > tests/data/labelled-tickets.tsv
"""
import random

R = random.Random(20240501)

APP_ZH = ["App", "小程序", "网页版", "安卓客户端", "苹果客户端", "PC端"]
APP_EN = ["the app", "the mini program", "the website", "the Android app", "the iOS app", "the desktop site"]
WHEN_ZH = ["昨天晚上", "今天上午", "三天前", "刚才", "上周五", "从前天开始", "本月初", "下单之后"]
WHEN_EN = ["since yesterday evening", "this morning", "three days ago", "just now", "last Friday",
           "since the day before yesterday", "since the start of the month", "right after ordering"]
DEVICE_ZH = ["iPhone 13", "华为Mate40", "小米12", "OPPO Reno8", "vivo X80", "iPad", "Windows电脑"]
DEVICE_EN = ["an iPhone 13", "a Huawei Mate 40", "a Xiaomi 12", "a Pixel 7", "an iPad", "a Windows laptop"]
TRIED_ZH = ["已尝试重启手机", "清除缓存后还是一样", "重装了{app}也没用", "换了网络也不行", "客户自己查过帮助中心",
            "已让客户退出重进", "之前联系过一次客服", ""]
TRIED_EN = ["Restarting the phone did not help.", "Clearing the cache changed nothing.",
            "Reinstalling {app} did not help.", "Switching networks did not help.",
            "The customer already read the help centre.", "They logged out and in again.",
            "They contacted us once before.", ""]
WANT_ZH = ["希望尽快处理", "客户要求今天给答复", "希望给个说法", "请尽快回电", "客户比较着急", ""]
WANT_EN = ["They want it sorted today.", "Please call back soon.", "The customer is quite upset.",
           "They expect an answer by tomorrow.", ""]

def order():
    return "DD2024%02d%02d%04d" % (R.randint(1, 12), R.randint(1, 28), R.randint(1, 9999))

def amount():
    return str(R.choice([19.9, 39, 58, 99, 128, 199, 266, 399, 1280]))

def code():
    return R.choice(["E1002", "E2031", "E4004", "E5000", "ERR_NET_502", "0x80040154"])

T = {
 ("inquiry", "features"): (
  ["客户问{app}的功能在哪里，找不到入口", "问一下新功能怎么使用", "怎么在{app}里修改收货地址", "请问{app}能不能同时登两个设备", "客户问夜间模式在哪里打开", "想知道怎么导出历史账单",
   "客户不会用新版的搜索筛选功能", "问一下怎么把商品分享给朋友", "客户咨询如何设置消息免打扰", "{app}里的发票抬头在哪里改",
   "客户问能不能把常用地址设成默认", "怎么关闭自动续费的提醒"],
  ["How do I change the delivery address in {app}?", "Can I use {app} on two devices at once?",
   "Customer asks where dark mode is.", "How can I export my past statements?",
   "They cannot find the new search filters.", "How do I share a product with a friend?",
   "Where are the notification settings?", "How do I set a default address?"]),
 ("inquiry", "points"): (
  ["积分兑换规则是什么", "签到积分没有加上，想问下规则", "会员积分什么时候到账", "上个月的积分没看到，问一下规则", "客户问积分能不能兑换运费券", "签到送的分数怎么算的",
   "积分快过期了能不能延期", "买了{amount}元的东西只给了很少的分，想知道怎么计算", "客户问成长值和积分有什么区别",
   "兑换商城里的东西要多少分"],
  ["How do loyalty points work?", "When do my reward points arrive?", "How are points calculated for a {amount} yuan order?",
   "Can points be used for shipping vouchers?", "My points are about to expire, can they be extended?",
   "What is the difference between growth value and points?", "How many points for the daily check-in?"]),
 ("inquiry", "membership"): (
  ["会员权益里包含积分加倍吗", "客户咨询会员续费价格", "客户问黄金会员有哪些权益", "开通年卡以后包邮吗", "会员等级怎么升级", "VIP权益里的生日礼包怎么领",
   "客户想了解付费会员和普通会员的区别", "会员到期后优惠券还能用吗", "问一下学生会员怎么认证"],
  ["What benefits does gold membership include?", "Is shipping free with the annual plan?",
   "How do I move up a membership level?", "How do I claim the birthday gift for VIP members?",
   "What is the difference between paid and free membership?", "Do coupons stay valid when membership ends?"]),
 ("inquiry", "pricing"): (
  ["这个活动的价格是多少", "优惠券和活动价格能叠加吗", "双十一的活动价什么时候开始", "客户问这个商品以后会不会降价", "满减活动能和优惠券一起用吗", "新人价只能买一次吗",
   "看到别的平台更便宜，问能不能保价", "套餐价格是不是包含安装费", "客户咨询企业采购有没有折扣"],
  ["When does the Singles' Day sale price start?", "Can the discount be combined with a coupon?",
   "Is the new-customer price one purchase only?", "Another shop is cheaper, do you match prices?",
   "Does the bundle price include installation?", "Is there a discount for company orders?"]),
 ("fault", "login"): (
  ["无法登录，提示账号或密码错误", "登录失败，验证码错误", "客户登录异常，{when}开始", "{when}一直登不上，提示密码错误但密码没改过", "收不到短信验证码，没法进账户", "扫码登录后页面一直转圈",
   "账号被提示异常锁定了", "换了新手机以后进不去账户", "第三方微信授权后跳回来还是未登录状态", "输入验证码提示已过期",
   "登录失败，提示{code}"],
  ["Login fails every time with the right password.", "I cannot log in since the update.", "Cannot get into my account {when}, it says wrong password.", "The SMS code never arrives so I cannot sign in.",
   "After scanning the QR code the page just spins.", "My account says it is locked for unusual activity.",
   "Since changing phones I cannot access my account.", "Login fails with error {code}."]),
 ("fault", "payment"): (
  ["支付失败，提示{code}", "付款失败，钱没扣订单也没生成", "付款的时候一直提示银行卡异常", "微信支付点了没反应，订单{order}没付成功", "支付宝扣款页面打不开",
   "信用卡付款被拒，卡是正常的", "下单到最后一步付不了钱", "付款时提示{code}，换了卡也一样", "分期付款选项点不了"],
  ["Payment failed with {code}.", "Card payment keeps failing at checkout.", "WeChat Pay does nothing when I tap it, order {order} unpaid.",
   "The Alipay page will not open when paying.", "My credit card is declined but it works elsewhere.",
   "Paying fails with {code} on every card.", "The instalment option cannot be selected."]),
 ("fault", "app_crash"): (
  ["{app}闪退，无法使用", "打开就报错，错误码{code}", "{app}一打开就闪退", "进入购物车页面就崩溃", "{device}上更新后经常卡死退出", "上传图片时应用直接退出",
   "页面报错{code}，刷新也没用", "视频播放到一半{app}就关了", "点开消息中心就白屏然后退出"],
  ["The app crashes on startup.", "{app} closes as soon as it opens.", "It crashes when I open the cart.", "After the update it freezes on {device}.",
   "Uploading a photo makes the app quit.", "The page shows error {code} even after refreshing.",
   "The message centre goes white and then the app closes."]),
 ("fault", "orders"): (
  ["订单显示异常，找不到订单{order}", "我的订单页面不显示已完成的订单", "订单列表是空的，看不到上周买的东西", "订单{order}在我的订单里找不到", "已付款的订单显示待付款",
   "物流信息一直不更新，订单状态不对", "历史订单全部不见了", "订单详情页面加载不出来", "两个订单合并显示成一个了"],
  ["My order list is empty, last week's purchase is missing.", "Order {order} does not appear in my orders.",
   "A paid order still shows as awaiting payment.", "Order status is wrong and tracking never updates.",
   "All my past orders have disappeared.", "The order details page will not load."]),
 ("complaint", "attitude"): (
  ["投诉客服态度差", "要投诉配送员态度恶劣", "上次打电话客服态度很差，挂了我电话", "门店店员说话很不客气", "客服回复敷衍，问三遍都不正面回答",
   "配送员态度恶劣还把东西扔门口", "工作人员对老人很不耐烦", "在线客服直接说不归他们管"],
  ["I want to make a complaint about a rude agent.", "The agent was rude and hung up on me.", "The shop assistant was very impolite.",
   "The support replies were dismissive, nobody answered my question.", "The courier was rude and threw the parcel at the door.",
   "Staff were impatient with my elderly father."]),
 ("complaint", "slow_response"): (
  ["投诉客服响应太慢，等了很久没人处理", "电话等了四十分钟没人接", "发了邮件三天没人回", "在线客服排队两个小时", "说好24小时回电一直没打",
   "问题提交一周了没人跟进", "催了好几次进度都没有回复"],
  ["I waited forty minutes on the phone and nobody answered.", "My email has had no reply for three days.",
   "Two hours in the chat queue.", "You promised a call back within 24 hours and never called.",
   "My issue was filed a week ago and nobody followed up."]),
 ("complaint", "repeated"): (
  ["问题反复出现，要求投诉", "同样的问题已经反映第三次了还没解决", "每次修好没两天又坏", "上个月处理过的问题又出现了，很失望",
   "说修复了但一直反复", "这个毛病已经找了你们好几次"],
  ["This is the third time I report the same problem.", "Every fix lasts two days and then it breaks again.",
   "The issue you closed last month is back.", "You said it was fixed but it keeps coming back."]),
 ("after_sales", "refund"): (
  ["申请退款{when}还没到账", "退款进度查不到", "要求退款，订单{order}", "申请的钱{when}还没退回来", "订单{order}取消了，款什么时候返还", "退的{amount}元一直没到账", "商家同意退钱但一直没处理",
   "客户要求把多付的运费退回", "取消会员后要求返还剩余费用", "退款登录后看不到进度"],
  ["I want a refund for order {order}.", "My refund has not arrived.", "The money for my cancelled order {order} has not come back.", "When will I get the {amount} yuan back?",
   "The seller agreed to pay me back but nothing happened.", "Please return the extra shipping fee.",
   "I cancelled the membership and want the rest of the fee back."]),
 ("after_sales", "return"): (
  ["申请退货，商品有质量问题", "想换货，尺码不合适", "收到的衣服尺码不对想换一件", "商品有破损要求退货", "七天无理由能不能退", "换货寄回去以后没有新的发出",
   "买错颜色了想换", "家电有质量问题要求上门取件退回", "快递员不上门取退件"],
  ["I want to return this item.", "The size is wrong and I want to swap it.", "The item arrived damaged, I want to send it back.",
   "Can I return this within seven days without a reason?", "I sent the item back but no replacement came.",
   "Wrong colour, can I exchange it?", "The courier will not collect the item I am sending back."]),
 ("after_sales", "billing_dispute"): (
  ["重复扣款{amount}元", "账单金额有误，多扣了钱", "账户被多扣了一笔{amount}元", "同一个订单扣了两次钱", "没开通的服务也在收费", "月账单金额和实际消费对不上",
   "自动续费扣款没有提前通知", "银行流水显示有一笔不认识的扣费"],
  ["I was overcharged {amount} yuan.", "Charged twice for one order.", "I was charged {amount} yuan twice for one order.", "There is a charge for a service I never ordered.",
   "My monthly statement does not match what I spent.", "Auto-renewal took money without any notice.",
   "My bank shows a charge from you I do not recognise."]),
 ("after_sales", "invoice"): (
  ["发票开错了要重开", "申请开发票，订单{order}", "需要开增值税专用发票", "电子发票一直没发到邮箱", "发票抬头写错了要重开", "公司报销需要补开票",
   "开票金额和订单{order}不一致", "纸质发票什么时候寄出"],
  ["Please send the invoice for order {order}.", "I need a VAT invoice for my company.", "The e-invoice never reached my inbox.",
   "The invoice title is wrong, please reissue.", "The invoice amount does not match order {order}.",
   "When will the paper invoice be posted?"]),
 ("suggestion", "feature_request"): (
  ["建议增加收藏夹分组", "希望增加语音搜索", "希望能增加夜间模式", "建议订单可以按时间筛选", "能不能加一个批量删除收藏的功能", "想要一个价格提醒的功能",
   "希望支持多个收货地址一起下单", "可以增加家庭共享账户吗"],
  ["I suggest adding a wish list.", "Please add a dark mode.", "It would help to filter orders by date.", "Could you add bulk delete for favourites?",
   "I would like price-drop alerts.", "Please allow family sharing of one account."]),
 ("suggestion", "experience"): (
  ["建议优化首页布局", "建议把字体调大一点", "首页广告太多了，找东西不方便", "字体太小老人看不清", "结算流程步骤太多", "搜索结果排序很乱",
   "按钮位置改了以后很不习惯", "客服入口藏得太深找不到"],
  ["The home page has too many ads.", "The text is too small for older people.",
   "Checkout takes too many steps.", "Search results are badly ordered.",
   "The support entry is hidden too deep in the menus."]),
}

def fill(text, zh):
    return (text.replace("{app}", R.choice(APP_ZH if zh else APP_EN))
                .replace("{when}", R.choice(WHEN_ZH if zh else WHEN_EN))
                .replace("{device}", R.choice(DEVICE_ZH if zh else DEVICE_EN))
                .replace("{order}", order()).replace("{amount}", amount()).replace("{code}", code()))

def compose(core, zh):
    parts = []
    if R.random() < 0.5:
        ctx = (R.choice(["客户来电反映", "客户在线咨询：", "客户邮件称", "用户反馈", "客户说"]) if zh else
               R.choice(["Customer called:", "Chat:", "By email:", "User reports:", ""]))
        if zh and R.random() < 0.3:
            ctx = ctx + "，用的是" + R.choice(DEVICE_ZH) + "，"
        parts.append(ctx)
    parts.append(fill(core, zh))
    if R.random() < 0.55:
        t = fill(R.choice(TRIED_ZH if zh else TRIED_EN), zh)
        if t:
            parts.append(t)
    if R.random() < 0.5:
        w = R.choice(WANT_ZH if zh else WANT_EN)
        if w:
            parts.append(w)
    if zh:
        text = parts[0] + "".join(("，" if not p.startswith("，") else "") + p for p in parts[1:])
        return text.replace("：，", "：").replace("，，", "，") + "。"
    return " ".join(p for p in parts if p)

def main():
    rows = []
    seen = set()
    for (l1, l2), (zh_templates, en_templates) in T.items():
        i = 0
        while i < 36:
            zh = i % 5 < 3   # three in five in Chinese
            templates = zh_templates if zh else en_templates
            k = R.randrange(len(templates))
            text = compose(templates[k], zh)
            if text in seen:
                continue
            seen.add(text)
            # The template id lets the benchmark hold out whole phrasings.
            template = "%s.%s.%s%d" % (l1, l2, "zh" if zh else "en", k)
            rows.append(("zh" if zh else "en", l1, l2, template, text))
            i += 1
    R.shuffle(rows)
    print("# lang\ttype_l1\ttype_l2\ttemplate\tdescription")
    for row in rows:
        print("\t".join(row))

if __name__ == "__main__":
    main()
