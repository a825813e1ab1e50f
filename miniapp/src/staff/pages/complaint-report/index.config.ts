export default definePageConfig({
  navigationBarTitleText: '投诉分析',
  enablePullDownRefresh: true,
});
