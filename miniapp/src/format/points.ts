/** A ledger delta with its sign always shown: 120 → "+120", -30 → "-30". */
export function formatPointsDelta(delta: number): string {
  return delta > 0 ? `+${delta}` : String(delta);
}
