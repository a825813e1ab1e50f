export default definePageConfig({
  navigationBarTitleText: '洞察设置',
  enablePullDownRefresh: true,
});
