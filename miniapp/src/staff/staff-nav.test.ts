import { describe, expect, it } from 'vitest';
import { STAFF_NAV, pageRegistry, staffNavFor } from './staff-nav';

const labels = (entries: readonly { label: string }[]) => entries.map((entry) => entry.label);

describe('the staff pages each role may open', () => {
  it('gives agents only the pages whose routes admit agents: 客户列表 but not 客户分群, 关怀计划, 问卷调查 or 拼团活动, no 礼品管理, no reports or settings', () => {
    expect(labels(staffNavFor(['agent']))).toEqual(['会员列表', '客户查询', '客户列表', '扫码核销', '投诉工单', '回访任务', '兑换订单']);
  });

  it('gives supervisors 店铺概览 first, then the desk, 关怀计划, 问卷调查, 拼团活动, rewards and complaint pages, without the admin pages (洞察设置 among them)', () => {
    const labelsOf = labels(staffNavFor(['supervisor']));
    expect(labelsOf[0]).toBe('店铺概览');
    expect(labelsOf).toEqual([
      '店铺概览',
      '客户洞察',
      '会员列表',
      '客户查询',
      '客户列表',
      '客户分群',
      '关怀计划',
      '问卷调查',
      '拼团活动',
      '扫码核销',
      '投诉工单',
      '回访任务',
      '兑换订单',
      '礼品管理',
      '投诉分析',
      '投诉设置',
      '风险监控',
    ]);
  });

  it('gives admins every page, 店铺概览 first and 洞察设置 right after 客户洞察, 数据请求 to admins only', () => {
    expect(labels(staffNavFor(['admin']))).toEqual(labels(STAFF_NAV));
    expect(labels(staffNavFor(['admin']))).toEqual([
      '店铺概览',
      '客户洞察',
      '洞察设置',
      '会员列表',
      '客户查询',
      '客户列表',
      '客户分群',
      '关怀计划',
      '问卷调查',
      '拼团活动',
      '扫码核销',
      '投诉工单',
      '回访任务',
      '兑换订单',
      '礼品管理',
      '投诉分析',
      '投诉设置',
      '风险监控',
      '等级设置',
      '员工管理',
      '数据请求',
      '审计日志',
    ]);
  });

  it('gives a buyer nothing', () => {
    expect(staffNavFor(['member'])).toEqual([]);
  });

  it('leaves out pages the build does not register, main package and subpackages alike', () => {
    const registered = pageRegistry({
      pages: ['pages/index/index'],
      subPackages: [{ root: 'staff', pages: ['pages/members/index', 'pages/scan/index', 'pages/complaints/index'] }],
    });
    expect(registered('/staff/pages/members/index')).toBe(true);
    expect(registered('/pages/index/index')).toBe(true);
    expect(registered('/staff/pages/overview/index')).toBe(false);
    expect(labels(staffNavFor(['agent'], registered))).toEqual(['会员列表', '扫码核销', '投诉工单']);
    // Without an app config to read, nothing is left out.
    expect(pageRegistry(undefined)('/staff/pages/overview/index')).toBe(true);
  });
});
