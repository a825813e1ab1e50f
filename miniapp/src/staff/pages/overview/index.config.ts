export default definePageConfig({
  navigationBarTitleText: '店铺概览',
  enablePullDownRefresh: true,
});
