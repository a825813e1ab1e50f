import { useCallback, useEffect, useRef, useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import type { SurveyCard } from '@linli/shared/surveys';
import { dismissSurvey, getSurveyCard } from '@/api/surveys';
import { rewardOfferText } from '@/format/surveys';
import './index.css';

/** A show within this long of the last ask is the same show (the mount and the page's first 显示 together). */
const SAME_SHOW_MS = 2000;

/**
 * The home page's survey invitation for a joined member: asks the server each time the page is
 * shown (the server decides whether this member may be asked now and records the show); 去填写
 * opens the survey, ✕ records the dismissal and hides the card. Shows nothing when there is no
 * survey to offer or the ask fails: it is an invitation, never in the way of the member card.
 */
export function SurveyInviteCard() {
  const [card, setCard] = useState<SurveyCard | null>(null);
  const askedAt = useRef(0);

  const ask = useCallback(() => {
    const now = Date.now();
    if (now - askedAt.current < SAME_SHOW_MS) return;
    askedAt.current = now;
    getSurveyCard()
      .then((answer) => setCard(answer.card))
      .catch(() => setCard(null));
  }, []);

  // The card appears once the member is loaded, after the page's first show: ask on mount, then on every show.
  useEffect(ask, [ask]);
  useDidShow(ask);

  if (!card) return null;

  const open = () => {
    void Taro.navigateTo({ url: `/pages/survey/index?id=${encodeURIComponent(card.surveyId)}&from=card` });
  };
  const dismiss = () => {
    setCard(null);
    // Recorded apart from answering; if it fails the server may offer the card again later, no harm.
    dismissSurvey(card.surveyId).catch(() => undefined);
  };
  const reward = rewardOfferText(card.rewardPoints);
  return (
    <View className="card survey-card" data-testid="survey-card">
      <Text className="survey-card__close" data-testid="survey-card-dismiss" onClick={dismiss}>
        ✕
      </Text>
      <Text className="survey-card__title" data-testid="survey-card-title">{`邀请你参与：${card.title}`}</Text>
      {card.intro && <Text className="survey-card__intro">{card.intro}</Text>}
      <View className="survey-card__meta">
        <Text className="muted">{`共 ${card.questions} 题`}</Text>
        {reward && (
          <Text className="survey-card__reward" data-testid="survey-card-reward">
            {reward}
          </Text>
        )}
      </View>
      <Button className="btn btn--primary survey-card__go" data-testid="survey-card-open" onClick={open}>
        去填写
      </Button>
    </View>
  );
}
