import { DeliveryAddress } from '@linli/shared/mall';

/** What wx.chooseAddress answers (the fields Linli keeps). */
export interface WechatAddress {
  userName: string;
  telNumber: string;
  provinceName: string;
  cityName: string;
  countyName: string;
  detailInfo: string;
  postalCode?: string;
}

/**
 * A WeChat address as the API's DeliveryAddress: the phone as digits only (WeChat keeps what the
 * buyer typed, spaces and +86 included), and a postal code only when it is six digits.
 */
export function fromWechatAddress(chosen: WechatAddress): DeliveryAddress {
  const digits = chosen.telNumber.replace(/\D/g, '');
  const phone = digits.length === 13 && digits.startsWith('86') ? digits.slice(2) : digits;
  const postal = (chosen.postalCode ?? '').trim();
  return {
    recipient: chosen.userName.trim(),
    phone,
    province: chosen.provinceName.trim(),
    city: chosen.cityName.trim(),
    district: chosen.countyName.trim(),
    detail: chosen.detailInfo.trim(),
    postalCode: /^\d{6}$/.test(postal) ? postal : '',
  };
}

/** The address checked as the API checks it: the address, or what is wrong in Chinese. */
export function checkAddress(
  candidate: Record<keyof DeliveryAddress, string>,
): { ok: true; address: DeliveryAddress } | { ok: false; problem: string } {
  const parsed = DeliveryAddress.safeParse(candidate);
  if (parsed.success) return { ok: true, address: parsed.data };
  const field = String(parsed.error.issues[0]?.path[0] ?? '');
  return { ok: false, problem: ADDRESS_PROBLEM_ZH[field as keyof DeliveryAddress] ?? '请填写完整的收货地址' };
}

const ADDRESS_PROBLEM_ZH: Record<keyof DeliveryAddress, string> = {
  recipient: '请填写收货人',
  phone: '请填写 11 位手机号',
  province: '请填写省份',
  city: '请填写城市',
  district: '区县最多 20 个字',
  detail: '请填写详细地址（街道、门牌号）',
  postalCode: '邮编为 6 位数字，可不填',
};

/** One line for showing a chosen address: 李阿姨 139****5678 浙江省杭州市西湖区文三路100号. */
export function addressLine(
  address: Pick<DeliveryAddress, 'recipient' | 'province' | 'city' | 'district' | 'detail'> & { phone?: string; phoneMasked?: string },
): string {
  const phone = address.phoneMasked ?? address.phone ?? '';
  return `${address.recipient} ${phone} ${address.province}${address.city}${address.district}${address.detail}`.replace(/\s+/g, ' ').trim();
}
