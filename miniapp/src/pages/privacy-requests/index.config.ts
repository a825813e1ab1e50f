export default definePageConfig({
  navigationBarTitleText: '我的数据请求',
  enablePullDownRefresh: true,
  onReachBottomDistance: 100,
});
