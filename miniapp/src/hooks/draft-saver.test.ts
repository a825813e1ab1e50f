import { describe, expect, it } from 'vitest';
import type { Answers } from '@linli/shared/surveys';
import { DraftSaver } from './draft-saver';

/** A clock the test moves: scheduled runs happen when `advance` passes their time. */
function testClock() {
  let now = 0;
  let timers: Array<{ at: number; run: () => void; cancelled: boolean }> = [];
  return {
    schedule(run: () => void, ms: number) {
      const timer = { at: now + ms, run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
    advance(ms: number) {
      now += ms;
      const due = timers.filter((timer) => !timer.cancelled && timer.at <= now);
      timers = timers.filter((timer) => !due.includes(timer));
      for (const timer of due) timer.run();
    },
  };
}

function setUp(options: { fail?: boolean } = {}) {
  const clock = testClock();
  const saves: Answers[] = [];
  const errors: unknown[] = [];
  let release: (() => void) | null = null;
  const saver = new DraftSaver({
    delayMs: 1000,
    schedule: clock.schedule,
    onError: (error) => errors.push(error),
    save: (answers) => {
      saves.push(answers);
      if (options.fail) return Promise.reject(new Error('offline'));
      return new Promise<void>((resolve) => {
        release = resolve;
      });
    },
  });
  const settle = async () => {
    release?.();
    release = null;
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, saver, saves, errors, settle };
}

describe('saving a survey’s draft', () => {
  it('saves once the answers have been still for the quiet time, the latest answers only', async () => {
    const { clock, saver, saves, settle } = setUp();
    saver.change({ q1: 3 });
    clock.advance(600);
    saver.change({ q1: 4 });
    clock.advance(600);
    expect(saves).toEqual([]);
    clock.advance(400);
    expect(saves).toEqual([{ q1: 4 }]);
    await settle();
  });

  it('saves at once when the page is left, and never the same answers twice', async () => {
    const { clock, saver, saves, settle } = setUp();
    saver.change({ q1: 5 });
    const leaving = saver.flush();
    await settle();
    await leaving;
    expect(saves).toEqual([{ q1: 5 }]);
    clock.advance(5000);
    await saver.flush();
    expect(saves).toHaveLength(1);
  });

  it('does not save again the draft the page resumed from', async () => {
    const { saver, saves } = setUp();
    saver.markSaved({ q1: 7 });
    saver.change({ q1: 7 });
    await saver.flush();
    expect(saves).toEqual([]);
  });

  it('runs one save at a time: a change made during a save is saved after it', async () => {
    const { clock, saver, saves, settle } = setUp();
    saver.change({ q1: 1 });
    clock.advance(1000);
    saver.change({ q1: 2 });
    const leaving = saver.flush();
    expect(saves).toEqual([{ q1: 1 }]);
    await settle();
    await settle();
    await leaving;
    expect(saves).toEqual([{ q1: 1 }, { q1: 2 }]);
  });

  it('reports a failed save and tries again on the next flush', async () => {
    const { saver, saves, errors } = setUp({ fail: true });
    saver.change({ q1: 9 });
    await saver.flush();
    expect(errors).toHaveLength(1);
    await saver.flush();
    expect(saves).toHaveLength(2);
  });

  it('saves nothing once stopped (submitted, or the survey closed)', async () => {
    const { clock, saver, saves, settle } = setUp();
    saver.change({ q1: 9 });
    saver.stop();
    clock.advance(2000);
    saver.change({ q1: 10 });
    await saver.flush();
    expect(saves).toEqual([]);
    // A submission that failed: drafts are saved again, the latest answers.
    saver.resume();
    const retrying = saver.flush();
    await settle();
    await retrying;
    expect(saves).toEqual([{ q1: 10 }]);
  });
});
