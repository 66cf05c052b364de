import type { Severity } from '../../adapters/server/feed-protocol.js';

const MUTE_KEY = 'callcoach.wall.muted';

/**
 * The wall's sound cue: a short WebAudio beep per alert (two for critical). Browsers allow audio only after the user
 * has interacted with the page, so the AudioContext is created on the first key press or pointer press; before that,
 * and while muted, alerts are silent (the visual cue still shows).
 */
export class Beeper {
  private context: AudioContext | undefined;
  private mutedNow: boolean;

  constructor() {
    this.mutedNow = localStorage.getItem(MUTE_KEY) === '1';
    const unlock = () => {
      if (!this.context) {
        try {
          this.context = new AudioContext();
        } catch {
          // No audio on this machine: the visual cue is the cue.
        }
      }
      void this.context?.resume();
      document.removeEventListener('pointerdown', unlock, true);
      document.removeEventListener('keydown', unlock, true);
    };
    document.addEventListener('pointerdown', unlock, true);
    document.addEventListener('keydown', unlock, true);
  }

  get muted(): boolean {
    return this.mutedNow;
  }

  /** Whether a beep would sound now (user has interacted, not muted). */
  get ready(): boolean {
    return !this.mutedNow && this.context !== undefined;
  }

  setMuted(muted: boolean): void {
    this.mutedNow = muted;
    localStorage.setItem(MUTE_KEY, muted ? '1' : '0');
  }

  beep(severity: Severity): void {
    const context = this.context;
    if (!context || this.mutedNow) return;
    const count = severity === 'critical' ? 2 : 1;
    const pitch = severity === 'critical' ? 880 : severity === 'warn' ? 660 : 520;
    for (let i = 0; i < count; i++) {
      const start = context.currentTime + i * 0.22;
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = pitch;
      gain.gain.setValueAtTime(0.0001, start);
      gain.gain.exponentialRampToValueAtTime(0.25, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.16);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + 0.18);
    }
  }
}
