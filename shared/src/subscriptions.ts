import * as z from 'zod';

/** The product's subscribe-message purposes; each maps to one WeChat template id by configuration. */
export const MESSAGE_TEMPLATES = ['birthdayGreeting', 'tierChanged', 'pointsExpiring', 'complaintUpdate', 'complaintAlert'] as const;
export type MessageTemplate = (typeof MESSAGE_TEMPLATES)[number];

/** What wx.requestSubscribeMessage reports per template id. */
export const SUBSCRIBE_RESULTS = ['accept', 'reject', 'ban', 'filter'] as const;

export const SubscriptionReport = z
  .object({
    reportId: z.uuid().optional().describe('Client-generated id; a retried report with the same id is counted once'),
    results: z
      .array(z.object({ templateId: z.string().min(1).max(64), result: z.enum(SUBSCRIBE_RESULTS) }))
      .min(1)
      .max(3)
      .describe('At most 3 templates can be asked for in one wx.requestSubscribeMessage call'),
  })
  .meta({ id: 'SubscriptionReport' });
export type SubscriptionReport = z.infer<typeof SubscriptionReport>;

export const SubscriptionQuota = z
  .object({
    items: z.array(
      z.object({
        template: z.enum(MESSAGE_TEMPLATES),
        templateId: z.string(),
        remaining: z.number().int().nonnegative(),
      }),
    ),
  })
  .meta({ id: 'SubscriptionQuota' });
export type SubscriptionQuota = z.infer<typeof SubscriptionQuota>;

export const ClientConfig = z
  .object({
    policyVersion: z.string(),
    templates: z.record(z.enum(MESSAGE_TEMPLATES), z.string()),
  })
  .meta({ id: 'ClientConfig' });
export type ClientConfig = z.infer<typeof ClientConfig>;
