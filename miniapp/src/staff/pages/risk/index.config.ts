export default definePageConfig({
  navigationBarTitleText: '风险监控',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
