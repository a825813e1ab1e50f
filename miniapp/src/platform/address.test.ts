import { describe, expect, it } from 'vitest';
import { addressLine, checkAddress, fromWechatAddress } from './address';

const chosen = {
  userName: ' 李阿姨 ',
  telNumber: '+86 139-1234-5678',
  provinceName: '浙江省',
  cityName: '杭州市',
  countyName: '西湖区',
  detailInfo: '文三路 100 号 2 幢 301 室',
  postalCode: '310012',
};

describe('a wx.chooseAddress answer', () => {
  it('becomes a delivery address with the phone as 11 digits', () => {
    expect(fromWechatAddress(chosen)).toEqual({
      recipient: '李阿姨',
      phone: '13912345678',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路 100 号 2 幢 301 室',
      postalCode: '310012',
    });
  });

  it('drops a postal code that is not six digits (WeChat leaves it blank or 000000-like junk)', () => {
    expect(fromWechatAddress({ ...chosen, postalCode: '' }).postalCode).toBe('');
    expect(fromWechatAddress({ ...chosen, postalCode: '3100' }).postalCode).toBe('');
  });
});

describe('checking a typed address', () => {
  const typed = {
    recipient: '李阿姨',
    phone: '13912345678',
    province: '浙江省',
    city: '杭州市',
    district: '',
    detail: '文三路100号',
    postalCode: '',
  };

  it('accepts a complete one', () => {
    expect(checkAddress(typed)).toMatchObject({ ok: true, address: { recipient: '李阿姨' } });
  });

  it.each([
    ['phone', '1391234', '请填写 11 位手机号'],
    ['recipient', ' ', '请填写收货人'],
    ['detail', '', '请填写详细地址（街道、门牌号）'],
  ])('says in Chinese what is wrong with %s', (field, value, problem) => {
    expect(checkAddress({ ...typed, [field]: value })).toEqual({ ok: false, problem });
  });
});

it('shows an address on one line with the phone masked where it is', () => {
  expect(
    addressLine({
      recipient: '李阿姨',
      phoneMasked: '139****5678',
      province: '浙江省',
      city: '杭州市',
      district: '西湖区',
      detail: '文三路100号',
    }),
  ).toBe('李阿姨 139****5678 浙江省杭州市西湖区文三路100号');
});
