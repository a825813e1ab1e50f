export default definePageConfig({
  navigationBarTitleText: '兑换订单',
  enablePullDownRefresh: true,
});
