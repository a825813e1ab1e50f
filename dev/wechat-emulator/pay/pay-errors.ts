/**
 * WeChat Pay API v3 errors as the emulator answers them: an HTTP status and a body
 * `{ code, message }`. Unlike WeChat's server API (errcode in an HTTP 200), WeChat Pay uses the
 * status; an adapter must branch on status and code, never on message.
 *
 * Sources (pay.weixin.qq.com/doc/v3/merchant/…, the error table at the end of each API's page, and
 * the common codes of 「错误码」):
 * - common: 401 SIGN_ERROR (signature, serial or timestamp of the Authorization header),
 *   400 PARAM_ERROR (a field fails its rule; the message names the field), 400 INVALID_REQUEST
 *   (valid fields the current state refuses), 400 APPID_MCHID_NOT_MATCH, 400 MCH_NOT_EXISTS,
 *   429 FREQUENCY_LIMITED, 500 SYSTEM_ERROR (outcome unknown: call again with the same parameters).
 * - JSAPI 下单: the same out_trade_no with other terms answers 400 INVALID_REQUEST "201 商户订单号重复"
 *   (quoted in SDK issue threads: dromara/payment-spring-boot#38, yansongda/pay#705); with the same
 *   terms the same prepay_id. A paid order: ORDERPAID; a closed one: ORDER_CLOSED.
 * - 查询订单: 404 ORDER_NOT_EXIST. 关闭订单: 204, 400 ORDERPAID for a paid order.
 * - 申请退款: 404 RESOURCE_NOT_EXISTS (no such order), 400 INVALID_REQUEST (amount over what is left,
 *   the same out_refund_no with another amount, an unpaid order, more than 50 refunds, an order over
 *   a year old), 403 NOT_ENOUGH (merchant balance), 429 FREQUENCY_LIMITED (refunds of one order must
 *   be a minute apart). 查询单笔退款: 404 RESOURCE_NOT_EXISTS.
 * - 平台证书: a merchant registered on public-key mode has none: 404 with "无可用的平台证书".
 */
export interface PayError {
  status: number;
  code: string;
  message: string;
}

export const PAY_ERRORS = {
  signError: { status: 401, code: 'SIGN_ERROR', message: '签名错误，请检查后再试' },
  mchNotExists: { status: 400, code: 'MCH_NOT_EXISTS', message: '商户号不存在' },
  appidMchidNotMatch: { status: 400, code: 'APPID_MCHID_NOT_MATCH', message: '商户号和appid没有绑定关系' },
  outTradeNoUsed: { status: 400, code: 'INVALID_REQUEST', message: '201 商户订单号重复' },
  orderPaid: { status: 400, code: 'ORDERPAID', message: '该订单已支付' },
  orderClosed: { status: 400, code: 'ORDER_CLOSED', message: '该订单已关闭' },
  orderExpired: { status: 400, code: 'ORDER_CLOSED', message: '订单已超过支付截止时间，请重新下单' },
  orderNotExist: { status: 404, code: 'ORDER_NOT_EXIST', message: '订单不存在' },
  refundOrderNotExist: { status: 404, code: 'RESOURCE_NOT_EXISTS', message: '订单不存在' },
  refundNotExist: { status: 404, code: 'RESOURCE_NOT_EXISTS', message: '退款单不存在' },
  refundOrderNotPaid: { status: 400, code: 'INVALID_REQUEST', message: '订单未支付，不能退款' },
  refundOverAmount: { status: 400, code: 'INVALID_REQUEST', message: '申请退款金额超过订单可退金额' },
  refundTotalMismatch: { status: 400, code: 'INVALID_REQUEST', message: '订单金额与实际金额不一致' },
  refundMismatch: { status: 400, code: 'INVALID_REQUEST', message: '订单金额或退款金额与之前请求不一致，请核实后再试' },
  refundTooMany: { status: 400, code: 'INVALID_REQUEST', message: '退款次数超过限制，一笔订单最多退款50次' },
  refundTooOld: { status: 400, code: 'INVALID_REQUEST', message: '交易时间超过一年的订单无法提交退款' },
  refundTooSoon: { status: 429, code: 'FREQUENCY_LIMITED', message: '同一笔订单多次退款的请求需相隔1分钟' },
  notEnough: { status: 403, code: 'NOT_ENOUGH', message: '基本账户余额不足，请充值后重新发起' },
  frequencyLimited: { status: 429, code: 'FREQUENCY_LIMITED', message: '频率超限，请降低请求频率' },
  systemError: { status: 500, code: 'SYSTEM_ERROR', message: '系统错误，请使用相同参数稍后重新调用' },
  noCertificates: {
    status: 404,
    code: 'NOT_FOUND',
    message: '无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥',
  },
  notFound: { status: 404, code: 'NOT_FOUND', message: '请求的资源不存在' },
} as const satisfies Record<string, PayError>;

/** 400 PARAM_ERROR naming the field as WeChat Pay does: 输入源“/body/out_trade_no”… */
export function paramError(field: string, rule: string): PayError {
  return { status: 400, code: 'PARAM_ERROR', message: `输入源“${field}”映射到值字段“${field.split('/').pop()}”${rule}` };
}

/** 401 SIGN_ERROR with the reason, so a developer sees what was wrong with the signature. */
export function signError(detail: string): PayError {
  return { ...PAY_ERRORS.signError, message: `${PAY_ERRORS.signError.message}：${detail}` };
}
