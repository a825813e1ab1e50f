/** What WeChat says of the privacy guide (wx.getPrivacySetting). */
export interface PrivacySetting {
  /** The user must agree before a privacy-protected API runs (false when the guide is undeclared, or agreed). */
  needAuthorization: boolean;
  /** The guide's name, e.g. 《邻里会员小程序隐私保护指引》. */
  contractName: string;
}

/** The user's answer to the privacy popup: true when they tapped 同意. */
export type PrivacyAnswer = (agreed: boolean) => void;
