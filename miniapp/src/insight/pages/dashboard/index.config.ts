export default definePageConfig({
  navigationBarTitleText: '客户洞察',
});
