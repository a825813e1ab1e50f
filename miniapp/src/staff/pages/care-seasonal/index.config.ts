export default definePageConfig({
  navigationBarTitleText: '时令日历',
  enablePullDownRefresh: true,
});
