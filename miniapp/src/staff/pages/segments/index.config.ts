export default definePageConfig({
  navigationBarTitleText: '客户分群',
  enablePullDownRefresh: true,
});
