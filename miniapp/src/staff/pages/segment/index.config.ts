export default definePageConfig({
  navigationBarTitleText: '分群客户',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
