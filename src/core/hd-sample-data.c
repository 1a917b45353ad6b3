/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "hd-sample-data"

#include "config.h"

#include "hd-classifier-rules.h"
#include "hd-priority.h"
#include "hd-sample-data.h"
#include "hd-sla.h"
#include "hd-ticket.h"

typedef struct {
  const char *description;
  HdImpact impact;
  HdUrgency urgency;
  HdEmotion emotion;
  const char *result; /* what resolved it, for tickets past in-progress */
  /* How an agent classifies it by hand when no keyword rule matches. */
  const char *type_l1;
  const char *type_l2;
} SampleRequest;

/* Requests as agents write them down: background, request, what was tried. */
static const SampleRequest requests[] = {
  { "客户反映APP无法登录，提示错误码E1002。已尝试重启手机和重新安装，仍然失败。客户诉求：尽快恢复登录，今晚需要下单。",
    HD_IMPACT_SINGLE, HD_URGENCY_BLOCKING, HD_EMOTION_ANXIOUS, "重置账号登录状态并清除设备绑定，客户已成功登录。" },
  { "Customer cannot log in to the web portal since this morning: 'invalid session' after entering the SMS code. Cleared cookies, tried Chrome and Firefox.",
    HD_IMPACT_SINGLE, HD_URGENCY_BLOCKING, HD_EMOTION_DISSATISFIED, "Session store was stale after the 08:00 deploy; flushed it and the customer logged in." },
  { "大量用户反馈支付页面一直转圈，无法完成付款，订单号 20231001-88231 等多笔。客户诉求：恢复支付并确认是否重复扣款。",
    HD_IMPACT_CORE_ALL, HD_URGENCY_BLOCKING, HD_EMOTION_ANGRY, "支付网关证书过期导致超时，技术团队已更换证书，重复扣款订单已原路退回。" },
  { "客户对上月账单有异议：会员年费被扣两次（各 298 元）。已核对银行流水截图。诉求：退还多扣款项。",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "账务组核实为重复扣费，已退款 298 元，3 个工作日内到账。" },
  { "Billing dispute: invoice INV-20479 charges 12 seats but the company only has 9 active users. Customer wants a corrected invoice before month end.",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_CALM, "Seat count corrected to 9 and a credit note issued." },
  { "咨询积分规则：双十一活动期间购买的商品积分何时到账，积分能否抵扣运费？",
    HD_IMPACT_SINGLE, HD_URGENCY_INQUIRY, HD_EMOTION_CALM, "已说明积分在确认收货后 7 天到账，可抵扣运费。" },
  { "How do I export all my order history to a spreadsheet? The customer looked in Settings > Orders but found only a print option.",
    HD_IMPACT_SINGLE, HD_URGENCY_INQUIRY, HD_EMOTION_CALM, "Explained Orders > Export CSV in the web version; the app has no export yet.", "inquiry", "features" },
  { "投诉：快递员未经同意将包裹放在驿站，客户多次打客服电话无人接听，情绪激动，要求主管回电。",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_ANGRY, "主管已致电道歉，补偿 20 元优惠券，并反馈物流合作方整改。" },
  { "Complaint about an agent who closed the chat without answering; the customer waited 40 minutes. Wants an apology and an answer to the original refund question.",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "Team lead apologised, refund question answered, coaching scheduled for the agent." },
  { "申请退货：收到的蓝牙耳机左耳无声音，订单号 7723019，已按说明书重置配对，问题依旧。诉求：换新。",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "已安排上门取件并寄出新耳机，快递单号已短信告知客户。" },
  { "After-sales: the washing machine shows error code E21 and will not drain. Installed 3 weeks ago. The customer checked the filter already.",
    HD_IMPACT_SINGLE, HD_URGENCY_BLOCKING, HD_EMOTION_ANXIOUS, "Technician visit booked; drain pump replaced under warranty.", "after_sales", "return" },
  { "建议：希望APP增加深色模式，夜间使用太刺眼。客户是电商VIP，经常夜间下单。",
    HD_IMPACT_MANY, HD_URGENCY_INQUIRY, HD_EMOTION_CALM, "已记录到产品需求池，预计下个版本评估。", "suggestion", "experience" },
  { "Suggestion: allow saving more than 3 delivery addresses per account; the customer ships to several offices.",
    HD_IMPACT_MANY, HD_URGENCY_INQUIRY, HD_EMOTION_CALM, "Logged as a feature request for the product team.", "suggestion", "feature_request" },
  { "多名企业客户反馈报表页面加载超过 30 秒，部分显示空白。已排除客户网络问题。",
    HD_IMPACT_MANY, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "数据库慢查询已优化，报表加载恢复到 2 秒内。", "fault", "orders" },
  { "The mobile app crashes when opening the coupon page on Android 14; several customers reported it via social media today.",
    HD_IMPACT_MANY, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "Hotfix 5.2.1 released; crash no longer reproduces.", "fault", "app_crash" },
  { "无法登录", HD_IMPACT_SINGLE, HD_URGENCY_BLOCKING, HD_EMOTION_ANXIOUS,
    "引导客户通过短信验证码重置密码后登录成功。" },
  { "客户修改绑定手机号时收不到验证码，已确认手机信号正常、未拦截短信。诉求：今天内完成换绑。",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_ANXIOUS, "短信通道切换后验证码正常送达，换绑完成。", "fault", "login" },
  { "Customer asks whether the annual plan can be paid in monthly instalments and what happens to unused months on cancellation.",
    HD_IMPACT_SINGLE, HD_URGENCY_INQUIRY, HD_EMOTION_CALM, "Explained instalment options and the pro-rata refund policy.", "inquiry", "pricing" },
  { "优惠券无法使用：结算时提示“不满足使用条件”，但订单金额已超过满减门槛。订单号 5520871。",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "优惠券限定品类不含该商品，已补发通用券。", "inquiry", "pricing" },
  { "Data export for GDPR request: the customer wants a copy of all personal data held, within the legal deadline.",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_CALM, "Export prepared and sent through the secure download link.", "inquiry", "features" },
  { "物流信息 5 天未更新，客户担心包裹丢失。已联系快递公司，对方称在中转站滞留。",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_ANXIOUS, "包裹已重新发出，预计明日送达。", "complaint", "slow_response" },
  { "Customer was charged in USD instead of EUR after changing the billing country. Requests a refund of the exchange difference.",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "Billing currency fixed and the difference refunded." },
  { "会员等级显示错误：客户本月消费已满 5000 元，但仍显示为银卡会员，影响包邮权益。",
    HD_IMPACT_SINGLE, HD_URGENCY_DEGRADED, HD_EMOTION_DISSATISFIED, "等级计算任务延迟，已手动刷新为金卡。", "inquiry", "membership" },
  { "Product question: is the X200 router compatible with Wi-Fi 6E devices, and does it support WPA3 Enterprise?",
    HD_IMPACT_SINGLE, HD_URGENCY_INQUIRY, HD_EMOTION_CALM, "Confirmed 6E and WPA3-Personal only; sent the spec sheet.", "inquiry", "features" },
};

static const char * const customer_types[] = { "电商VIP", "普通会员", "企业客户", "Enterprise", "Retail", "新用户" };
static const char * const handlers[] = { "张伟", "王芳", "李娜", "刘洋", "Alex Chen", "Maria Lopez" };

static HdStatus
pick_status (GRand *rand)
{
  /* Roughly the shape of a working day's board. */
  static const HdStatus weighted[] = {
    HD_STATUS_PENDING, HD_STATUS_PENDING, HD_STATUS_PENDING,
    HD_STATUS_IN_PROGRESS, HD_STATUS_IN_PROGRESS, HD_STATUS_IN_PROGRESS,
    HD_STATUS_AWAITING_FEEDBACK, HD_STATUS_AWAITING_FEEDBACK,
    HD_STATUS_PENDING_CLOSE, HD_STATUS_CLOSED, HD_STATUS_CLOSED,
  };
  return weighted[g_rand_int_range (rand, 0, G_N_ELEMENTS (weighted))];
}

static char *
make_contact (GRand *rand, HdChannel channel)
{
  switch (channel)
    {
    case HD_CHANNEL_EMAIL:
      return g_strdup_printf ("%c***@%s", 'a' + g_rand_int_range (rand, 0, 26),
                              g_rand_boolean (rand) ? "example.com" : "mail.example.cn");
    case HD_CHANNEL_CHAT:
    case HD_CHANNEL_SOCIAL:
      return g_strdup_printf ("wx_user%04d", g_rand_int_range (rand, 0, 10000));
    case HD_CHANNEL_PHONE:
    case HD_CHANNEL_SMS:
    case HD_CHANNEL_OTHER:
    default:
      /* Only what the customer gave: the last four digits (SPEC R1.6). */
      return g_strdup_printf ("尾号 %04d", g_rand_int_range (rand, 0, 10000));
    }
}

GPtrArray *
hd_sample_data_generate (HdConfig *config,
                         guint     n_tickets,
                         guint32   seed,
                         gint64    now)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now_dt = g_date_time_new_from_unix_local (now);
  GPtrArray *tickets;

  g_return_val_if_fail (HD_IS_CONFIG (config), NULL);

  tickets = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_tickets; i++)
    {
      const SampleRequest *req = &requests[g_rand_int_range (rand, 0, G_N_ELEMENTS (requests))];
      g_autoptr(HdTicket) ticket = hd_ticket_new ();
      HdRuleMatch match;
      g_autofree char *label = NULL;
      g_autofree char *number = NULL;
      g_autofree char *contact = NULL;
      HdChannel channel = g_rand_int_range (rand, 0, HD_CHANNEL_OTHER);
      HdStatus status = pick_status (rand);
      /* Open tickets are recent; closed ones reach further back. */
      gint64 age = g_rand_int_range (rand, 5 * 60,
                                     status == HD_STATUS_PENDING ? 6 * 3600 : 9 * 86400);
      gint64 created = now - age;
      gint64 response_due = 0, resolution_due = 0;
      const char *priority;

      label = g_strdup_printf ("客户%c%u-%d", 'A' + (i % 26), i / 26 + 1,
                               g_date_time_get_year (now_dt) - (int) g_rand_int_range (rand, 0, 3));
      number = g_strdup_printf ("C%04d%02d%02d%03u", g_date_time_get_year (now_dt),
                                g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29), i + 1);
      contact = make_contact (rand, channel);

      hd_ticket_set_customer_label (ticket, label);
      hd_ticket_set_customer_number (ticket, number);
      hd_ticket_set_customer_type (ticket, customer_types[g_rand_int_range (rand, 0, G_N_ELEMENTS (customer_types))]);
      hd_ticket_set_contact (ticket, contact);
      hd_ticket_set_channel (ticket, channel);
      hd_ticket_set_emotion (ticket, req->emotion);
      hd_ticket_set_description (ticket, req->description);
      hd_ticket_set_occurred_at (ticket, created - g_rand_int_range (rand, 0, 3 * 3600));
      hd_ticket_set_created_at (ticket, created);
      hd_ticket_set_impact (ticket, req->impact);
      hd_ticket_set_urgency (ticket, req->urgency);
      hd_ticket_set_receiver (ticket, handlers[g_rand_int_range (rand, 0, G_N_ELEMENTS (handlers))]);

      if (hd_classifier_rules_match (config, req->description, &match))
        {
          hd_ticket_set_type_l1 (ticket, match.type_l1);
          hd_ticket_set_type_l2 (ticket, match.type_l2);
          hd_ticket_set_group (ticket, match.group);
        }
      else if (req->type_l1 != NULL &&
               hd_config_get_type_label (config, req->type_l1, req->type_l2) != NULL)
        {
          hd_ticket_set_type_l1 (ticket, req->type_l1);
          hd_ticket_set_type_l2 (ticket, req->type_l2);
          hd_ticket_set_group (ticket, hd_config_get_type_group (config, req->type_l1, req->type_l2));
        }

      priority = hd_priority_compute (config, req->impact, req->urgency, NULL);
      hd_ticket_set_priority (ticket, priority);
      hd_sla_compute_deadlines (config, priority, created, &response_due, &resolution_due);
      hd_ticket_set_response_due (ticket, response_due);
      hd_ticket_set_resolution_due (ticket, resolution_due);

      hd_ticket_set_status (ticket, status);
      if (status != HD_STATUS_PENDING)
        {
          hd_ticket_set_handler (ticket, handlers[g_rand_int_range (rand, 0, G_N_ELEMENTS (handlers))]);
          hd_ticket_set_first_response_at (ticket, created + g_rand_int_range (rand, 60, 3600));
        }
      if (status >= HD_STATUS_AWAITING_FEEDBACK)
        hd_ticket_set_result (ticket, req->result);
      if (status >= HD_STATUS_PENDING_CLOSE)
        hd_ticket_set_satisfaction (ticket, g_rand_int_range (rand, 0, 4) == 0
                                              ? HD_SATISFACTION_SATISFIED
                                              : HD_SATISFACTION_VERY_SATISFIED);
      hd_ticket_set_updated_at (ticket, MIN (now, created + g_rand_int_range (rand, 0, 7200)));

      g_ptr_array_add (tickets, g_steal_pointer (&ticket));
    }

  return tickets;
}
