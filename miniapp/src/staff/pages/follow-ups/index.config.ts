export default definePageConfig({
  navigationBarTitleText: '回访任务',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
