export default definePageConfig({
  navigationBarTitleText: '问卷设置',
  enablePullDownRefresh: true,
});
