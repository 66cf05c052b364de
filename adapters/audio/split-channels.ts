/** De-interleaves 16-bit PCM frames into one mono buffer per channel (mono input is returned as is). */
export function splitChannels(pcm: Buffer, channels: number): Buffer[] {
  if (channels === 1) return [pcm];
  const frames = Math.floor(pcm.length / (2 * channels));
  const planes = Array.from({ length: channels }, () => Buffer.allocUnsafe(frames * 2));
  for (let frame = 0; frame < frames; frame++) {
    for (let channel = 0; channel < channels; channel++) {
      (planes[channel] as Buffer).writeInt16LE(pcm.readInt16LE((frame * channels + channel) * 2), frame * 2);
    }
  }
  return planes;
}
