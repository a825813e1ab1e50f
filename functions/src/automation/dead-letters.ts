import type { CareDelivery } from '@linli/shared/care-rules';
import { careDeliveryQueue } from '../config/queues.ts';
import type { Deps } from '../deps.ts';
import { getMember } from '../members/repository.ts';
import { DomainError } from '../platform/domain-error.ts';
import { deleteMessages, receiveMessages, sendMessage } from '../queues/queue-messages.ts';
import { CareDeliveryMessage } from './care-delivery.ts';
import { deleteDeadLetter, getDelivery, listDeadLetters, saveDeadLetter } from './care-repository.ts';
import { deliveryView } from './delivery-views.ts';

type DeadLetterDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'logger' | 'sqs'>;

/**
 * Moves what reached the dead-letter queue into the table, where staff see it and can retry it:
 * SQS can only be read a batch at a time and hides what it hands out, so a list a person pages
 * through lives in DynamoDB. Each message is saved before it is deleted from the queue; a crash in
 * between saves it twice under the same key (its message id), which is one item.
 */
export async function collectDeadLetters(deps: DeadLetterDeps): Promise<{ collected: number }> {
  const { deadLetterUrl } = careDeliveryQueue(deps.config);
  let collected = 0;
  for (;;) {
    const messages = await receiveMessages(deps.sqs, deadLetterUrl, 0);
    if (messages.length === 0) break;
    const at = deps.clock().toISOString();
    for (const message of messages)
      await saveDeadLetter(deps.db, { messageId: message.messageId, body: message.body, deadAt: at, receiveCount: message.receiveCount });
    await deleteMessages(deps.sqs, deadLetterUrl, messages);
    collected += messages.length;
  }
  if (collected > 0) deps.logger.warn('care dead letters collected', { collected });
  return { collected };
}

export interface DeadLetterView {
  messageId: string;
  deadAt: string;
  receiveCount: number;
  /** The delivery it was for; null when the message named none (it could not be read). */
  delivery: CareDelivery | null;
}

export async function deadLetterViews(deps: Pick<Deps, 'db'>): Promise<DeadLetterView[]> {
  const letters = await listDeadLetters(deps.db);
  return Promise.all(
    letters.map(async (letter) => {
      const parsed = CareDeliveryMessage.safeParse(safeJson(letter.body));
      const delivery = parsed.success ? await getDelivery(deps.db, parsed.data) : null;
      // Named for the person who reads the list (a handful of letters: one read each).
      const member = delivery && (await getMember(deps.db, delivery.memberId));
      return {
        messageId: letter.messageId,
        deadAt: letter.deadAt,
        receiveCount: letter.receiveCount,
        delivery: delivery && { ...deliveryView(delivery), nickname: member?.nickname ?? null },
      };
    }),
  );
}

/** Puts a dead letter back on the queue for the worker (a finished delivery is then left as it is). */
export async function retryDeadLetter(deps: DeadLetterDeps, messageId: string): Promise<void> {
  const letter = (await listDeadLetters(deps.db)).find((candidate) => candidate.messageId === messageId);
  if (!letter) throw new DomainError('NOT_FOUND', 'No such dead letter');
  await sendMessage(deps.sqs, careDeliveryQueue(deps.config).url, letter.body);
  await deleteDeadLetter(deps.db, letter);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
