import { randomBytes } from 'node:crypto';

/**
 * The WeChat server API error codes the emulator answers with. WeChat reports errors as HTTP 200
 * with `{ errcode, errmsg }`; the errmsg texts below are the ones WeChat sends, and like WeChat
 * we append ` rid: …` so an adapter learns to branch on errcode, never on errmsg.
 *
 * Sources:
 * - common codes (40001, 40003, 40013, 40066, 41001, 41002, 42001, 43002, 44002, 47001):
 *   https://developers.weixin.qq.com/doc/channels/API/basics/commErrCode.html
 * - code2Session (40029; the table also lists 45011, 40226, -1, not emulated):
 *   https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/user-login/code2Session.html
 *   40163 "code been used" and 40125 "invalid appsecret" are missing from that table but are what
 *   jscode2session answers (responses quoted in developers.weixin.qq.com community threads);
 *   41008 "missing code" is in WeChat's global return-code list.
 * - getStableAccessToken (40002, 40013, 40125, 41002, 41004, 43002; 40001 for a token made stale
 *   by force_refresh; expires_in is the remaining lifetime, renewed in the last 5 minutes):
 *   https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken
 * - subscribeMessage.send (40003, 40037, 43101, 47003 "argument invalid! data.thing1.value …"):
 *   https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html
 *   (its error table mirrored at https://tencentcloud.com/document/product/1219/67648)
 * - getPhoneNumber (40029 invalid code; a code is single-use and lives 5 minutes):
 *   https://developers.weixin.qq.com/miniprogram/dev/server/API/user-info/phone-number/api_getphonenumber
 * - getUnlimitedQRCode (40097 invalid args, 41030 invalid page, 45009 frequency limit; scene at most
 *   32 visible characters from [0-9A-Za-z!#$&'()*+,/:;=?@-._~]):
 *   https://developers.weixin.qq.com/miniprogram/dev/server/API/qrcode-link/qr-code/api_getunlimitedqrcode
 *   40169 "invalid length for scene, or the data is not json string" (empty or over-long scene) and
 *   40129 "invalid scene" (a character outside the set) are what getwxacodeunlimit answers in
 *   developers.weixin.qq.com community threads.
 */
export interface WechatError {
  errcode: number;
  errmsg: string;
}

export const WECHAT_ERRORS = {
  invalidCredential: { errcode: 40001, errmsg: 'invalid credential, access_token is invalid or not latest' },
  invalidGrantType: { errcode: 40002, errmsg: 'invalid grant_type' },
  invalidOpenid: { errcode: 40003, errmsg: 'invalid openid' },
  invalidAppid: { errcode: 40013, errmsg: 'invalid appid' },
  invalidCode: { errcode: 40029, errmsg: 'invalid code' },
  invalidTemplateId: { errcode: 40037, errmsg: 'invalid template_id' },
  invalidUrl: { errcode: 40066, errmsg: 'invalid url' },
  invalidArgs: { errcode: 40097, errmsg: 'invalid args' },
  invalidAppsecret: { errcode: 40125, errmsg: 'invalid appsecret' },
  invalidScene: { errcode: 40129, errmsg: 'invalid scene' },
  codeBeenUsed: { errcode: 40163, errmsg: 'code been used' },
  invalidSceneLength: { errcode: 40169, errmsg: 'invalid length for scene, or the data is not json string' },
  accessTokenMissing: { errcode: 41001, errmsg: 'access_token missing' },
  appidMissing: { errcode: 41002, errmsg: 'appid missing' },
  appsecretMissing: { errcode: 41004, errmsg: 'appsecret missing' },
  codeMissing: { errcode: 41008, errmsg: 'missing code' },
  invalidPage: { errcode: 41030, errmsg: 'invalid page' },
  accessTokenExpired: { errcode: 42001, errmsg: 'access_token expired' },
  requirePost: { errcode: 43002, errmsg: 'require POST method' },
  userRefusedMessage: { errcode: 43101, errmsg: 'user refuse to accept the msg' },
  emptyPostData: { errcode: 44002, errmsg: 'empty post data' },
  apiQuotaReached: { errcode: 45009, errmsg: 'reach max api daily quota limit' },
  dataFormatError: { errcode: 47001, errmsg: 'data format error' },
  argumentInvalid: { errcode: 47003, errmsg: 'argument invalid!' },
} as const satisfies Record<string, WechatError>;

/** 47003 with WeChat's pointer to the offending field, e.g. `data.thing1.value is empty`. */
export function argumentInvalid(detail: string): WechatError {
  return { errcode: WECHAT_ERRORS.argumentInvalid.errcode, errmsg: `${WECHAT_ERRORS.argumentInvalid.errmsg} ${detail}` };
}

/** The body WeChat returns for an error: the errmsg carries a request id like the real one. */
export function errorBody(error: WechatError): WechatError {
  return { errcode: error.errcode, errmsg: `${error.errmsg} rid: ${requestId()}` };
}

function requestId(): string {
  const hex = randomBytes(12).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 16)}-${hex.slice(16, 24)}`;
}
