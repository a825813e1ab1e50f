export default definePageConfig({
  navigationBarTitleText: '等级设置',
  enablePullDownRefresh: true,
});
