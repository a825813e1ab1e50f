export default definePageConfig({
  navigationBarTitleText: '数据请求详情',
  enablePullDownRefresh: true,
});
