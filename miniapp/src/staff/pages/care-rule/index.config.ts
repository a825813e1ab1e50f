export default definePageConfig({
  navigationBarTitleText: '关怀计划',
});
