export default definePageConfig({
  navigationBarTitleText: '会员列表',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
