/** The points economy's settings, with the defaults a shop starts from (config.ts reads overrides). */
export interface PointsRules {
  perYuan: number;
  /** Order points stay pending this many days after payment (returns are still possible). */
  returnWindowDays: number;
  checkin: { dailyPoints: number; streakBonuses: Array<{ day: number; bonus: number }> };
  /** "Expiring soon" on the card and in reminders. */
  expiringSoonDays: number;
  /** Points expire at the end of the calendar year this many years after the one they were earned in. */
  expiryYears: number;
}

export const DEFAULT_POINTS_RULES: PointsRules = {
  perYuan: 1,
  returnWindowDays: 7,
  checkin: {
    dailyPoints: 5,
    streakBonuses: [
      { day: 7, bonus: 20 },
      { day: 30, bonus: 100 },
    ],
  },
  expiringSoonDays: 30,
  expiryYears: 1,
};
