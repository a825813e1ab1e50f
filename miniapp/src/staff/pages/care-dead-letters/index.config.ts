export default definePageConfig({
  navigationBarTitleText: '失败消息',
  enablePullDownRefresh: true,
});
