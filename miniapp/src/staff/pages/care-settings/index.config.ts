export default definePageConfig({
  navigationBarTitleText: '发送设置',
  enablePullDownRefresh: true,
});
