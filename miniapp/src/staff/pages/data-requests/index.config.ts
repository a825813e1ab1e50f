export default definePageConfig({
  navigationBarTitleText: '数据请求',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
