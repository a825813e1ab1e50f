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
  ],
  // Staff pages are off the buyer's first screen: a subpackage keeps them out of the main package.
  subPackages: [
    {
      root: 'staff',
      pages: [
        'pages/members/index',
        'pages/member/index',
        'pages/scan/index',
        'pages/rewards/index',
        'pages/redemptions/index',
        'pages/tiers/index',
        'pages/complaints/index',
        'pages/complaints/detail/index',
        'pages/complaint-report/index',
        'pages/desk-settings/index',
        'pages/team/index',
        'pages/accept/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f4f5f2',
    navigationBarBackgroundColor: '#1f6f4a',
    navigationBarTitleText: '邻里会员',
    navigationBarTextStyle: 'white',
  },
});
