export default definePageConfig({
  navigationBarTitleText: '新建分群',
});
