import type { MemberOutlook, ShopModels } from './customer-outlook.ts';
import { RISK_THRESHOLDS, type RiskThresholds } from './lifetime-value.ts';
import type { ModelQuality } from './model-quality.ts';

/**
 * The one-line reasons (Chinese, for the seller) behind a member's scores, and the lines that tell
 * the dashboard which method produced them and how well it forecast. Pure: the profile page and
 * the dashboard show what these return.
 */
export interface OutlookReasons {
  pAlive: string;
  purchases: string;
  spend: string;
  lifetimeValue: string;
  risk: string;
}

/** "仍活跃的概率" + this: "为 18%"; the ends read as bounds, so that a rounded 0 % or 100 % never claims certainty. */
function chance(share: number, verb = '为'): string {
  if (share < 0.005) return '不到 1%';
  if (share > 0.995) return '超过 99%';
  return `${verb} ${Math.round(share * 100)}%`;
}

/** After "购买": " 0.5 次"; below 0.05, "不到 0.1 次". */
function times(expected: number): string {
  return expected < 0.05 ? '不到 0.1 次' : ` ${expected.toFixed(1)} 次`;
}

/** 246512 → "¥2,465.12" (the fen rounded first). */
function yuan(fen: number): string {
  const whole = Math.round(fen);
  const text = String(Math.floor(whole / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `¥${text}.${String(whole % 100).padStart(2, '0')}`;
}

const days = (value: number) => `${Math.max(1, Math.round(value))} 天`;

/** Why the member's scores are what they are, one line each. */
export function outlookReasons(outlook: MemberOutlook, thresholds: RiskThresholds = RISK_THRESHOLDS): OutlookReasons {
  const alive = chance(outlook.pAlive);
  const silence = outlook.daysSinceLastPurchase === 0 ? '今天刚购买' : `近 ${outlook.daysSinceLastPurchase} 天无购买`;
  const pAlive =
    outlook.occasions === 1
      ? `只购买过一次，${outlook.daysSinceLastPurchase === 0 ? '就在今天' : `已 ${outlook.daysSinceLastPurchase} 天未再购买`}（本店复购会员通常 ${days(outlook.gapDays)}买一次），仍活跃的概率${chance(outlook.pAlive, '约为')}`
      : outlook.pAliveMethod === 'bgnbd'
        ? `${silence}；以往 ${outlook.occasions} 次购买、平均 ${days(outlook.gapDays)}一次，按本店会员的购买规律，仍活跃的概率${alive}`
        : `${silence}，按其以往平均 ${days(outlook.gapDays)}一次的购买间隔，仍活跃的概率${alive}`;
  const purchases = `预计未来 ${outlook.forecastDays} 天购买${times(outlook.expectedPurchases)}：首次购买以来 ${outlook.daysSinceFirstPurchase} 天共购买 ${outlook.occasions} 次，仍活跃的概率${alive}`;
  const spend =
    outlook.spendMethod === 'rules'
      ? `预计每单 ${yuan(outlook.expectedSpendFen)}：按其以往 ${outlook.occasions} 次购买的平均每单金额`
      : outlook.meanRepeatSpendFen === null
        ? `预计每单 ${yuan(outlook.expectedSpendFen)}：尚无复购，按本店复购会员的消费水平估计`
        : `预计每单 ${yuan(outlook.expectedSpendFen)}：其复购平均每单 ${yuan(outlook.meanRepeatSpendFen)}，结合本店复购会员的消费水平估计`;
  const lifetimeValue = `未来 ${outlook.lifetimeValueMonths} 个月价值约 ${yuan(outlook.lifetimeValueFen)}：预计购买${times(outlook.lifetimePurchases)}，每单约 ${yuan(outlook.expectedSpendFen)}，按每月 ${+(outlook.monthlyDiscountRate * 100).toFixed(2)}% 折现`;
  const risk = `流失风险${outlook.riskBand}：仍活跃的概率${alive}（低于 ${Math.round(thresholds.high * 100)}% 为高，低于 ${Math.round(thresholds.medium * 100)}% 为中）`;
  return { pAlive, purchases, spend, lifetimeValue, risk };
}

/** The dashboard's line on how the scores were produced: the fitted models, or the rules and why. */
export function methodNotice(models: ShopModels): string {
  const rules = '以会员自己的购买间隔判断是否仍活跃，每单金额取其以往平均';
  if (models.purchases.method === 'rules') {
    if (models.purchases.reason === 'too-few-repeat-buyers') {
      return `复购会员不足 ${models.minRepeatBuyers} 位（目前 ${models.repeatBuyers} 位），模型还无法可靠拟合，暂按经验规则估算：${rules}`;
    }
    return `本次模型未能可靠拟合，暂按经验规则估算：${rules}`;
  }
  const fitted = `按 ${models.customers} 位会员的购买记录（其中复购会员 ${models.repeatBuyers} 位）拟合的模型估算；只购买过一次的会员，是否仍活跃按本店的复购间隔判断`;
  if (models.spend.method === 'rules') return `${fitted}；每单金额的模型未能可靠拟合，暂取会员以往平均`;
  return fitted;
}

/** The dashboard's line on the model check: the forecast of the last weeks' repeat purchases beside what happened. */
export function qualityNotice(quality: ModelQuality): string {
  const weeks = quality.weeks.length;
  const forecast = Math.round(quality.forecast);
  const gap = quality.actual === 0 ? '' : `，相差 ${Math.round((Math.abs(forecast - quality.actual) / quality.actual) * 100)}%`;
  const method = quality.models.purchases.method === 'bgnbd' ? '模型' : '经验规则';
  return `检验：按 ${quality.calibrationEnd} 及之前的记录，${method}预测此后 ${weeks} 周复购 ${forecast} 次，实际 ${quality.actual} 次${gap}`;
}
