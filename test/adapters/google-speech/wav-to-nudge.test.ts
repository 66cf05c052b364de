import { afterEach, describe, expect, it } from '@jest/globals';
import { openWavFile } from '../../../adapters/audio/open-wav-file.js';
import { resolveGoogleSpeechConfig } from '../../../adapters/google-speech/google-speech-config.js';
import { transcribeCall } from '../../../adapters/google-speech/transcribe-call.js';
import { startFakeSpeechServer, type FakeSpeechServer } from '../../support/fake-speech-server.js';
import { shippedPack } from '../../support/packs.js';
import { CALL_SCRIPT, writeCallWav } from '../../support/recorded-call.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';
import { collect } from './support.js';

let server: FakeSpeechServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('WAV → Google Speech adapter → engine', () => {
  it('nudges the agent for a forbidden phrase recognised from the call’s audio', async () => {
    server = await startFakeSpeechServer((info) => CALL_SCRIPT[info.channel] ?? []);
    const audio = await openWavFile(writeCallWav());
    const config = resolveGoogleSpeechConfig({ endpoint: server.endpoint }, {});
    const { events, error } = await collect(transcribeCall(audio, { callId: 'call-42', language: 'zh-CN', speakers: ['agent', 'customer'], agentId: 'a-9', speed: Infinity }, config));
    expect(error).toBeUndefined();

    // The engine on a virtual clock: each event delivered at its tMs.
    const outputs = runEngine(events, [shippedPack('zh-CN-standard')]);
    expect(outputsOf(outputs, 'rejected')).toEqual([]);
    const nudges = outputsOf(outputs, 'nudge').map((o) => o.nudge);
    expect(nudges).toContainEqual(expect.objectContaining({ ruleId: 'zh.forbidden.ni_wen_wo', callId: 'call-42', status: 'confirmed' }));
    expect(outputsOf(outputs, 'call.opened')).toMatchObject([{ callId: 'call-42', agentId: 'a-9', language: 'zh-CN' }]);
    expect(outputsOf(outputs, 'finding').map((o) => o.finding.ruleId)).toContain('zh.forbidden.ni_wen_wo');
  });
});
