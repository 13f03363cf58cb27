/** The words right before a position, counted back from the last one (0); undefined past the phrase. */
export interface WordsBefore {
  word(k: number): string | undefined;
}

/**
 * A list of cue phrases indexed by their last word, so that the words before a run are matched
 * against it without building every phrase they end with.
 */
export class PhraseSet {
  private readonly byLast = new Map<string, string[][]>();

  constructor(phrases: Iterable<string>) {
    for (const phrase of phrases) {
      const words = phrase.split(' ');
      const last = words[words.length - 1];
      const list = this.byLast.get(last);
      if (list) list.push(words);
      else this.byLast.set(last, [words]);
    }
  }

  /** Whether the words before a run end with one of the phrases, the last word also taken without a trailing dot ("Mr." as "mr"). */
  endsWords(before: WordsBefore): boolean {
    const last = before.word(0);
    if (last === undefined) return false;
    return this.endsWith(before, last) || (last.endsWith('.') && this.endsWith(before, last.slice(0, -1)));
  }

  private endsWith(before: WordsBefore, last: string): boolean {
    const candidates = this.byLast.get(last);
    if (!candidates) return false;
    next: for (const phrase of candidates) {
      const m = phrase.length;
      for (let d = 1; d < m; d++) if (before.word(d) !== phrase[m - 1 - d]) continue next;
      return true;
    }
    return false;
  }
}
