export default definePageConfig({
  navigationBarTitleText: '投诉设置',
  enablePullDownRefresh: true,
});
