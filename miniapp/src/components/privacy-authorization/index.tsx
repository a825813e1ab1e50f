import { useCallback, useEffect, useState } from 'react';
import { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import {
  AGREE_BUTTON_ID,
  listenForPrivacyAuthorization,
  openPrivacyContract,
  readPrivacySetting,
  type PrivacyAnswer,
} from './wechat-privacy';
import './index.css';

export { openPrivacyContract, readPrivacySetting, requirePrivacyAuthorize, type PrivacySetting } from './wechat-privacy';

/** What the popup calls the guide before WeChat has told its name. */
const GUIDE = '《用户隐私保护指引》';

/**
 * WeChat's privacy popup, done as WeChat asks: when a privacy-protected API or button of this page (the
 * phone number button, the avatar sheet, choosing photos, an address) needs the user's agreement, WeChat
 * holds it and asks through onNeedPrivacyAuthorization; this shows the guide's name (which opens it) and
 * 同意, an <button open-type="agreePrivacyAuthorization">, whose tap lets the held call go on; 不同意 makes
 * it fail. Render it once in each page that uses such an API; it shows nothing until asked, and never on H5.
 */
export function PrivacyAuthorizationPopup() {
  const [answer, setAnswer] = useState<PrivacyAnswer | null>(null);
  const [guide, setGuide] = useState(GUIDE);

  const listen = useCallback(
    () =>
      listenForPrivacyAuthorization((next) => {
        // A function in state is set through an updater that returns it.
        setAnswer(() => next);
        void readPrivacySetting().then((setting) => {
          if (setting?.contractName) setGuide(setting.contractName);
        });
      }),
    [],
  );
  useEffect(() => listen(), [listen]);
  // Back on this page from another: its popup answers again.
  useDidShow(() => void listen());

  if (!answer) return null;
  const close = (agreed: boolean) => {
    answer(agreed);
    setAnswer(null);
  };
  return (
    <View className="privacy-popup" data-testid="privacy-popup">
      <View className="privacy-popup__sheet">
        <Text className="privacy-popup__title">用户隐私保护提示</Text>
        <Text className="privacy-popup__body">
          使用手机号、头像、照片或收货地址前，请阅读并同意我们的隐私保护指引。不同意不影响浏览，只是无法使用这项功能。
        </Text>
        {/* Its own line, not a span of the text above: a tap on text nested in text is not delivered in WeChat. */}
        <Text className="privacy-popup__guide" data-testid="privacy-popup-guide" onClick={() => void openPrivacyContract()}>
          {guide}
        </Text>
        <View className="privacy-popup__actions">
          <Button className="btn btn--plain privacy-popup__button" data-testid="privacy-disagree" onClick={() => close(false)}>
            不同意
          </Button>
          <Button
            id={AGREE_BUTTON_ID}
            className="btn btn--primary privacy-popup__button"
            data-testid="privacy-agree"
            openType="agreePrivacyAuthorization"
            onAgreePrivacyAuthorization={() => close(true)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  );
}
