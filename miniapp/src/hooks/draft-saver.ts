import type { Answers } from '@linli/shared/surveys';

/** Cancels what `schedule` set up. */
type Cancel = () => void;

export interface DraftSaverOptions {
  /** Saves the answers as the draft (PUT …/draft). */
  save: (answers: Answers) => Promise<void>;
  /** A save that failed; the next change or flush tries again. */
  onError: (error: unknown) => void;
  /** Quiet time after the last change before saving. */
  delayMs: number;
  /** Runs `run` after `ms` (setTimeout in the page; a test's own clock in tests). */
  schedule: (run: () => void, ms: number) => Cancel;
}

/**
 * Keeps a survey's draft saved while the buyer answers: a save once the answers have been still for
 * `delayMs`, at once when the page is left (`flush`), never the same answers twice, one save at a
 * time (a change made while a save runs is saved after it).
 */
export class DraftSaver {
  private latest: Answers | null = null;
  private saved = JSON.stringify({});
  private cancelTimer: Cancel | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly options: DraftSaverOptions) {}

  /** The answers as they are now; saved after the quiet time unless they change again. */
  change(answers: Answers): void {
    this.latest = answers;
    if (this.stopped) return;
    this.cancelTimer?.();
    this.cancelTimer = this.options.schedule(() => {
      this.cancelTimer = null;
      void this.flush();
    }, this.options.delayMs);
  }

  /** Saves what changed now (the page is being left). Resolves once it is saved or has failed. */
  async flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    while (this.running) await this.running;
    if (this.stopped || this.latest === null) return;
    const answers = this.latest;
    const text = JSON.stringify(answers);
    if (text === this.saved) return;
    this.running = this.options
      .save(answers)
      .then(() => {
        this.saved = text;
      })
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.running = null;
      });
    await this.running;
  }

  /** Saves nothing more: the response was submitted, or the survey cannot be answered any more. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  /** Saves again after a stop (a submission that failed and may be retried): the latest answers on the next flush. */
  resume(): void {
    this.stopped = false;
  }

  /** The answers the server holds already (the draft the page resumed from): no need to save them again. */
  markSaved(answers: Answers): void {
    this.saved = JSON.stringify(answers);
  }
}
