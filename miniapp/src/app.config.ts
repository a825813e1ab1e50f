export default defineAppConfig({
  pages: [
    'pages/index/index',
    'pages/join/index',
    'pages/points/index',
    'pages/checkin/index',
    'pages/profile/index',
    'pages/mall/index',
    'pages/coupons/index',
    'pages/tiers/index',
    'pages/complaints/index',
    'pages/complaints/new/index',
    'pages/complaints/detail/index',
    'pages/me/index',
    'pages/orders/index',
    'pages/message-settings/index',
    'pages/privacy/index',
  ],
  // Staff pages are off the buyer's first screen: a subpackage keeps them out of the main package.
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/members/index',
        'pages/member/index',
        'pages/customers/index',
        'pages/customer/index',
        'pages/customer-list/index',
        'pages/segments/index',
        'pages/segment/index',
        'pages/segment-builder/index',
        'pages/scan/index',
        'pages/rewards/index',
        'pages/redemptions/index',
        'pages/tiers/index',
        'pages/complaints/index',
        'pages/complaints/detail/index',
        'pages/complaint-report/index',
        'pages/desk-settings/index',
        'pages/insight-settings/index',
        'pages/team/index',
        'pages/accept/index',
        'pages/overview/index',
      ],
    },
    // 客户洞察's charts bring a chart library (AntV F2, ~½ MB): a subpackage of their own keeps it
    // out of the main package and out of the staff pages' download.
    { root: 'insight', pages: ['pages/dashboard/index'] },
  ],
  // 首页 (the member card), 积分商城 and 我的: reached with Taro.switchTab, never navigateTo. The
  // icons are local files in the main package (miniapp/scripts/draw-tab-icons.mjs draws them).
  tabBar: {
    color: '#8a8f88',
    selectedColor: '#1f6f4a',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/mall/index',
        text: '积分商城',
        iconPath: 'assets/tabbar/mall.png',
        selectedIconPath: 'assets/tabbar/mall-active.png',
      },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-active.png' },
    ],
  },
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f4f5f2',
    navigationBarBackgroundColor: '#1f6f4a',
    navigationBarTitleText: '邻里会员',
    navigationBarTextStyle: 'white',
  },
});
