export default definePageConfig({
  navigationBarTitleText: '投诉工单',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
