export default definePageConfig({ navigationBarTitleText: '加入会员' });
