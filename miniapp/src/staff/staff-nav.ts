import type { Role, StaffRole } from '@linli/shared/auth';

/** One staff page as the menus list it: the home page's staff entry, the members page's menu, the desktop sidebar. */
export interface StaffNavEntry {
  /** Stable name, used in data-testids (home-staff-<key>, staff-link-<key>, staff-nav-<key>). */
  key: string;
  label: string;
  /** A few words beside the label in the home page's list. */
  hint: string;
  /** The page, as navigateTo takes it. */
  path: string;
  /** The roles whose API calls the page makes are admitted (see each route's staffOnly in functions/src). */
  roles: readonly StaffRole[];
}

const EVERY_ROLE: readonly StaffRole[] = ['admin', 'supervisor', 'agent'];
const MANAGERS: readonly StaffRole[] = ['admin', 'supervisor'];
const ADMIN: readonly StaffRole[] = ['admin'];

/**
 * Every staff page a menu offers, in menu order; the one place that says which role may open
 * which page. A page answers 没有权限 to a role its routes refuse, so listing it for that role
 * would lead to a dead end.
 */
export const STAFF_NAV: readonly StaffNavEntry[] = [
  { key: 'overview', label: '店铺概览', hint: '今日经营一览', path: '/staff/pages/overview/index', roles: MANAGERS },
  { key: 'insight', label: '客户洞察', hint: '分群与预测', path: '/insight/pages/dashboard/index', roles: MANAGERS },
  // Supervisors may read the settings too (GET admits them) and reach them from 客户洞察; only admins change them.
  { key: 'insight-settings', label: '洞察设置', hint: '销售目标与评分规则', path: '/staff/pages/insight-settings/index', roles: ADMIN },
  { key: 'members', label: '会员列表', hint: '会员与积分', path: '/staff/pages/members/index', roles: EVERY_ROLE },
  { key: 'customers', label: '客户查询', hint: '搜索与客户画像', path: '/staff/pages/customers/index', roles: EVERY_ROLE },
  { key: 'customer-list', label: '客户列表', hint: '按生命周期、价值筛选', path: '/staff/pages/customer-list/index', roles: EVERY_ROLE },
  { key: 'segments', label: '客户分群', hint: '圈选客户与导出', path: '/staff/pages/segments/index', roles: MANAGERS },
  // Supervisors read the rules, their logs and settings; only admins change them (the pages hide the buttons).
  { key: 'care', label: '关怀计划', hint: '生日、节日与回访', path: '/staff/pages/care-rules/index', roles: MANAGERS },
  // Supervisors read surveys and their settings; only admins build and change them (the pages hide the buttons).
  { key: 'surveys', label: '问卷调查', hint: '满意度与 NPS', path: '/staff/pages/surveys/index', roles: MANAGERS },
  // Supervisors read campaigns and refund orders after sales; only admins create and change campaigns.
  { key: 'groupbuys', label: '拼团活动', hint: '拼团商品与订单', path: '/staff/pages/groupbuys/index', roles: MANAGERS },
  { key: 'scan', label: '扫码核销', hint: '核销优惠券', path: '/staff/pages/scan/index', roles: EVERY_ROLE },
  { key: 'complaints', label: '投诉工单', hint: '按时限处理', path: '/staff/pages/complaints/index', roles: EVERY_ROLE },
  { key: 'follow-ups', label: '回访任务', hint: '问卷差评回访', path: '/staff/pages/follow-ups/index', roles: EVERY_ROLE },
  { key: 'redemptions', label: '兑换订单', hint: '发货与自提', path: '/staff/pages/redemptions/index', roles: EVERY_ROLE },
  { key: 'rewards', label: '礼品管理', hint: '积分商城礼品', path: '/staff/pages/rewards/index', roles: MANAGERS },
  { key: 'complaint-report', label: '投诉分析', hint: '类型与原因', path: '/staff/pages/complaint-report/index', roles: MANAGERS },
  { key: 'desk-settings', label: '投诉设置', hint: '类型与时限', path: '/staff/pages/desk-settings/index', roles: MANAGERS },
  // The risk routes admit supervisors and admins only (holding a member's redemptions is theirs to do).
  { key: 'risk', label: '风险监控', hint: '异常订单与兑换', path: '/staff/pages/risk/index', roles: MANAGERS },
  { key: 'tiers', label: '等级设置', hint: '门槛与权益', path: '/staff/pages/tiers/index', roles: ADMIN },
  { key: 'team', label: '员工管理', hint: '邀请与角色', path: '/staff/pages/team/index', roles: ADMIN },
  { key: 'data-requests', label: '数据请求', hint: '会员个人信息请求', path: '/staff/pages/data-requests/index', roles: ADMIN },
  { key: 'audit-log', label: '审计日志', hint: '谁查看、修改了什么', path: '/staff/pages/audit-log/index', roles: ADMIN },
];

/**
 * The pages these roles may open, in menu order. `isRegistered` leaves out a page the build does
 * not have (a page listed here before it is added to app.config.ts).
 */
export function staffNavFor(
  roles: readonly Role[],
  isRegistered: (path: string) => boolean = () => true,
  entries: readonly StaffNavEntry[] = STAFF_NAV,
): StaffNavEntry[] {
  return entries.filter((entry) => entry.roles.some((role) => roles.includes(role)) && isRegistered(entry.path));
}

/** The app config as Taro keeps it at run time (both builds). */
export interface RegisteredAppConfig {
  pages?: string[];
  subPackages?: Array<{ root: string; pages: string[] }>;
  subpackages?: Array<{ root: string; pages: string[] }>;
}

/**
 * Whether `path` ('/staff/pages/x/index') is a page of this build, from the app config; with
 * no config to read, every page counts as registered.
 */
export function pageRegistry(config: RegisteredAppConfig | undefined): (path: string) => boolean {
  if (!config?.pages) return () => true;
  const known = new Set(config.pages.map((page) => page.replace(/^\//, '')));
  for (const sub of [...(config.subPackages ?? []), ...(config.subpackages ?? [])]) {
    for (const page of sub.pages) known.add(`${sub.root.replace(/^\/|\/$/g, '')}/${page.replace(/^\//, '')}`);
  }
  return (path) => known.has(path.replace(/^\//, '').split('?')[0]!);
}
