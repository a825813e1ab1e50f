import { PRIVACY_POLICY_VERSION, type PrivacyPolicy } from '@linli/shared/privacy';

/** The policy members accept; its version is what the consent ledger records. */
export const PRIVACY_POLICY: PrivacyPolicy = {
  version: PRIVACY_POLICY_VERSION,
  title: '邻里会员隐私政策',
  sections: [
    {
      heading: '我们收集哪些信息',
      body: '为提供会员服务，我们会收集您的微信身份标识（openid）、您主动填写的昵称与生日、经您授权的手机号，以及您在本店的订单记录。',
    },
    {
      heading: '我们如何使用这些信息',
      body: '用于会员积分与等级计算、生日关怀、订单与售后服务。未经您单独同意，我们不会将您的信息用于其他目的，也不会向第三方提供。',
    },
    {
      heading: '我们如何保护这些信息',
      body: '手机号加密存储，员工仅能看到脱敏后的号码（如 138****1234）；员工访问会员信息均有权限控制与审计记录。',
    },
    {
      heading: '您的权利',
      body: '您可以随时查阅、复制、更正您的个人信息，或申请删除并注销会员。不满十四周岁的未成年人须在监护人同意后加入。',
    },
    {
      heading: '消息通知',
      body: '生日祝福等订阅消息仅在您每次授权后发送一次，您可随时在微信设置中关闭。',
    },
  ],
};
