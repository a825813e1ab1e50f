import type { PayNotificationRecord, PayOrderRecord, PayRefundRecord, PayState } from './pay/pay-state.ts';
import type { IssuedWxaCode, SentMessage } from './state.ts';
import { drawWxaCode, wxaCodeContent } from './wxa-code.ts';

/** The newest payments and refunds shown. */
const PAYMENTS_SHOWN = 20;
/** The newest 小程序码 shown with their image (each is drawn again for the page). */
const WXA_CODES_SHOWN = 10;
/** Small enough for a list, still easy for a phone to scan off the screen. */
const WXA_CODE_PAGE_WIDTH = 280;

/**
 * The page a developer keeps open beside the app: every subscribe message "delivered" so far,
 * newest first, then the newest 小程序码 drawn (scannable), then WeChat Pay's payments and refunds
 * with what was notified, refreshing itself every 5 seconds.
 * Everything shown comes from API callers, so everything is escaped.
 */
export function renderMessagesPage(
  messagesOldestFirst: readonly SentMessage[],
  wxaCodesOldestFirst: readonly IssuedWxaCode[] = [],
  pay: Pick<PayState, 'orders' | 'refunds' | 'notifications'> = { orders: [], refunds: [], notifications: [] },
): string {
  const newestFirst = [...messagesOldestFirst].reverse();
  const body = newestFirst.length === 0 ? '<p class="empty">暂无消息</p>' : newestFirst.map(renderMessage).join('\n');
  const codes = [...wxaCodesOldestFirst].reverse();
  const codesBody =
    codes.length === 0 ? '<p class="empty">暂无小程序码</p>' : codes.slice(0, WXA_CODES_SHOWN).map(renderWxaCode).join('\n');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>微信模拟器 · 已发送消息</title>
<style>
  body { font: 14px/1.5 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 760px; padding: 16px; color: #222; background: #f3f3f3; }
  h1 { font-size: 18px; margin: 0 0 4px; }
  .count, .empty { color: #777; }
  article { background: #fff; border-radius: 8px; padding: 12px 16px; margin: 12px 0; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0; }
  dt { color: #777; }
  dd { margin: 0; word-break: break-all; }
  table { border-collapse: collapse; margin-top: 8px; width: 100%; }
  th, td { text-align: left; border-top: 1px solid #eee; padding: 4px 8px 4px 0; vertical-align: top; word-break: break-all; }
  th { font-weight: normal; color: #555; width: 30%; }
  h2 { font-size: 16px; margin: 24px 0 4px; }
  .wxacode { display: flex; gap: 16px; align-items: flex-start; }
  .wxacode img { width: 140px; height: 140px; flex: none; }
  .state { display: inline-block; padding: 0 6px; border-radius: 4px; background: #eee; }
  .state.ok { background: #e3f6e8; color: #137333; }
  .state.bad { background: #fde7e7; color: #b3261e; }
</style>
</head>
<body>
<h1>微信模拟器 · 已发送消息</h1>
<p class="count">共 ${newestFirst.length} 条订阅消息 · 每 5 秒自动刷新</p>
${body}
<h2>小程序码</h2>
<p class="count">共 ${codes.length} 个（getwxacodeunlimit）${codes.length > WXA_CODES_SHOWN ? ` · 显示最新 ${WXA_CODES_SHOWN} 个` : ''} · 模拟器画的是普通二维码，内容为「页面?scene=…」</p>
${codesBody}
${renderPayments(pay)}
</body>
</html>
`;
}

function renderMessage(message: SentMessage): string {
  const rows = Object.entries(message.data)
    .map(([key, { value }]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('');
  return `<article>
<dl>
<dt>时间</dt><dd>${escapeHtml(formatShanghaiTime(message.sentAt))}</dd>
<dt>用户 openid</dt><dd>${escapeHtml(message.openid)}</dd>
<dt>模板 ID</dt><dd>${escapeHtml(message.templateId)}</dd>
<dt>跳转页面</dt><dd>${message.page ? escapeHtml(message.page) : '（无）'}</dd>
<dt>msgid</dt><dd>${escapeHtml(String(message.msgid))}</dd>
</dl>
<table>${rows}</table>
</article>`;
}

function renderWxaCode(code: IssuedWxaCode): string {
  const image = drawWxaCode({ page: code.page, scene: code.scene, width: WXA_CODE_PAGE_WIDTH }).toString('base64');
  return `<article class="wxacode">
<img alt="小程序码" src="data:image/png;base64,${image}">
<dl>
<dt>时间</dt><dd>${escapeHtml(formatShanghaiTime(code.createdAt))}</dd>
<dt>页面</dt><dd>${escapeHtml(code.page)}</dd>
<dt>scene</dt><dd>${escapeHtml(code.scene)}</dd>
<dt>版本</dt><dd>${escapeHtml(code.envVersion)}${code.checkPath ? '' : '（未检查页面）'}</dd>
<dt>内容</dt><dd>${escapeHtml(wxaCodeContent(code.page, code.scene))}</dd>
</dl>
</article>`;
}

const TRADE_STATE_TEXT: Record<PayOrderRecord['state'], string> = {
  NOTPAY: '未支付',
  SUCCESS: '支付成功',
  REFUND: '已转入退款',
  CLOSED: '已关闭',
};
const REFUND_STATUS_TEXT: Record<PayRefundRecord['status'], string> = {
  PROCESSING: '退款处理中',
  SUCCESS: '退款成功',
  ABNORMAL: '退款异常',
  CLOSED: '退款关闭',
};

/** 元 with two decimals from fen. */
function yuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}

function renderPayments(pay: Pick<PayState, 'orders' | 'refunds' | 'notifications'>): string {
  const orders = [...pay.orders].reverse().slice(0, PAYMENTS_SHOWN);
  const refunds = [...pay.refunds].reverse().slice(0, PAYMENTS_SHOWN);
  const bySubject = (subject: string) => pay.notifications.filter((n) => n.subject === subject);
  const orderRows =
    orders.length === 0
      ? '<p class="empty">暂无支付订单</p>'
      : orders
          .map(
            (order) => `<article>
<dl>
<dt>下单时间</dt><dd>${escapeHtml(formatShanghaiTime(order.createdAt))}</dd>
<dt>商户订单号</dt><dd>${escapeHtml(order.outTradeNo)}</dd>
<dt>商品描述</dt><dd>${escapeHtml(order.description)}</dd>
<dt>金额</dt><dd>${yuan(order.amountFen)}</dd>
<dt>付款人 openid</dt><dd>${escapeHtml(order.payerOpenid)}</dd>
<dt>状态</dt><dd><span class="state${order.state === 'SUCCESS' ? ' ok' : order.state === 'CLOSED' ? ' bad' : ''}">${TRADE_STATE_TEXT[order.state]}</span>${
              order.successTime ? ` · ${escapeHtml(formatShanghaiTime(order.successTime))} 支付` : ''
            }</dd>
<dt>支付截止</dt><dd>${order.expiresAt ? escapeHtml(formatShanghaiTime(order.expiresAt)) : '（未设置）'}</dd>
<dt>通知</dt><dd>${renderNotifications(bySubject(order.outTradeNo))}</dd>
</dl>
</article>`,
          )
          .join('\n');
  const refundRows =
    refunds.length === 0
      ? '<p class="empty">暂无退款</p>'
      : refunds
          .map(
            (refund) => `<article>
<dl>
<dt>申请时间</dt><dd>${escapeHtml(formatShanghaiTime(refund.createdAt))}</dd>
<dt>商户退款单号</dt><dd>${escapeHtml(refund.outRefundNo)}</dd>
<dt>商户订单号</dt><dd>${escapeHtml(refund.outTradeNo)}</dd>
<dt>退款金额</dt><dd>${yuan(refund.refundFen)}（订单 ${yuan(refund.totalFen)}）</dd>
<dt>原因</dt><dd>${refund.reason ? escapeHtml(refund.reason) : '（无）'}</dd>
<dt>状态</dt><dd><span class="state${refund.status === 'SUCCESS' ? ' ok' : refund.status === 'PROCESSING' ? '' : ' bad'}">${REFUND_STATUS_TEXT[refund.status]}</span></dd>
<dt>通知</dt><dd>${renderNotifications(bySubject(refund.outRefundNo))}</dd>
</dl>
</article>`,
          )
          .join('\n');
  return `<h2>微信支付 · 支付订单</h2>
<p class="count">共 ${pay.orders.length} 笔${pay.orders.length > PAYMENTS_SHOWN ? ` · 显示最新 ${PAYMENTS_SHOWN} 笔` : ''}</p>
${orderRows}
<h2>微信支付 · 退款</h2>
<p class="count">共 ${pay.refunds.length} 笔${pay.refunds.length > PAYMENTS_SHOWN ? ` · 显示最新 ${PAYMENTS_SHOWN} 笔` : ''}</p>
${refundRows}`;
}

/** Each notification of a payment or refund: answered, or how many attempts and when the next one is. */
function renderNotifications(notifications: readonly PayNotificationRecord[]): string {
  if (notifications.length === 0) return '（无）';
  return notifications
    .map((n) => {
      const last = n.attempts.at(-1);
      const lastText = last ? `，最近一次 ${last.status === null ? `失败（${escapeHtml(last.error ?? '')}）` : `HTTP ${last.status}`}` : '';
      const outcome = n.answered
        ? '<span class="state ok">商户已接收</span>'
        : n.nextAttemptAt
          ? `<span class="state">待重试</span> 下次 ${escapeHtml(formatShanghaiTime(n.nextAttemptAt))}`
          : '<span class="state bad">已停止重试</span>';
      return `${escapeHtml(n.eventType)}：${outcome}（已发送 ${n.attempts.length} 次${lastText}）`;
    })
    .join('<br>');
}

const SHANGHAI_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** `2025-01-31 08:05:09` in China time, whatever the machine's time zone. */
export function formatShanghaiTime(isoTime: string): string {
  const parts = Object.fromEntries(SHANGHAI_TIME.formatToParts(new Date(isoTime)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}
