export default definePageConfig({
  navigationBarTitleText: '发货清单',
  enablePullDownRefresh: true,
});
