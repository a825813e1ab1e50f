import { useEffect, useRef } from 'react';
import { getClientConfig, getMessageSettings, reportSubscriptions } from '@/api/linli';
import { loadSession } from '@/api/session';
import { careTemplatesToAsk, templatesPerRequest } from '@/format/message-settings';
import { platform } from '@/platform';

/**
 * Asks WeChat for these subscribe messages and reports the answer; never fails, whatever the member
 * decides. Call it first thing in a tap handler, before anything is awaited: WeChat shows the dialog
 * only straight from a tap. The tap's own action goes ahead beside it and never waits on the answer.
 */
export async function askForSubscriptions(templateIds: string[]): Promise<void> {
  if (templateIds.length === 0) return;
  try {
    const results = await platform.requestSubscribe(templateIds);
    if (results.length > 0) await reportSubscriptions(results);
  } catch {
    // Declined, dismissed or not reported: the action goes on all the same, only without messages.
  }
}

/**
 * For a natural tap (签到, 确认兑换): which caring messages to ask for, read when the page opens
 * (the dialog cannot wait for a request made at the tap), and `ask` to call first in the tap handler.
 * It asks once per page visit, and only for caring messages the member has no send left of.
 */
export function useCareAskAtTap(): () => Promise<void> {
  const toAsk = useRef<string[]>([]);
  useEffect(() => {
    if (!loadSession()) return;
    let current = true;
    Promise.all([getClientConfig(), getMessageSettings()])
      .then(([config, settings]) => {
        if (current) toAsk.current = careTemplatesToAsk(settings, templatesPerRequest(config));
      })
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return () => {
    const templateIds = toAsk.current;
    toAsk.current = [];
    return askForSubscriptions(templateIds);
  };
}
