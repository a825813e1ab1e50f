// The share card comes from this page's onShareAppMessage (WeChat shows 转发 only when the page has one).
export default definePageConfig({ navigationBarTitleText: '拼团', enablePullDownRefresh: true, enableShareAppMessage: true });
