import { describe, expect, it } from '@jest/globals';
import { map, type Observable } from 'rxjs';
import { BUILTIN_STAGES, ENGINE_FAULT_CODES, type EngineOutput, type EngineStages } from '../../../engine/index.js';
import { callScript } from '../../support/call-script.js';
import { packFromYaml, shippedPack } from '../../support/packs.js';
import { outputsOf, runEngine } from '../../support/run-engine.js';

const zh = shippedPack('zh-CN-standard');
const en = shippedPack('en-US-standard');
const GREETING = '您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？';
const ID = '11010519491231002X';
const MOBILE = '13812345678';
const CARD = '6222021234567890128';

/** Every digit string of at least `length` digits in everything the engine emitted. */
const digitRuns = (outputs: readonly EngineOutput[], length = 5) => JSON.stringify(outputs).match(new RegExp(`\\d{${length},}`, 'g')) ?? [];
const lines = (outputs: readonly EngineOutput[]) => outputsOf(outputs, 'utterance').map((o) => o.utterance);

describe('the redaction stage', () => {
  it('masks personal data in transcript lines, finding quotes and nudges, and keeps the staff number', () => {
    const events = callScript('c-pii')
      .agent(GREETING)
      .customer(`我的身份证号是${ID}，手机${MOBILE}`)
      .agent(`好的，您的卡号${CARD}对吗？你问我，我问谁？`, { partials: [`好的，您的卡号${CARD.slice(0, 10)}`] })
      .end('customer').events;
    const outputs = runEngine(events, [zh]);
    // The customer's line ends in a number, so it is held (it may go on in their next line) and comes out last.
    const texts = new Map(lines(outputs).map((l) => [l.utteranceId, l.text]));
    expect(texts.get('u2')).toBe('我的身份证号是[身份证]，手机[电话 ••5678]');
    expect(texts.get('u3')).toBe('好的，您的卡号[卡号 ••0128]对吗？你问我，我问谁？');
    expect(texts.get('u1')).toContain('工号1024');
    const leaked = digitRuns(outputs).filter((run) => ID.includes(run) || MOBILE.includes(run) || CARD.includes(run));
    expect(leaked).toEqual([]);
    expect(outputsOf(outputs, 'finding').length).toBeGreaterThan(0);
  });

  it('remaps evidence highlights onto the masked text, so they still cover the words flagged', () => {
    const events = callScript('c-spans').agent(GREETING).agent(`您的身份证${ID}是吧，你问我，我问谁？`).end('customer').events;
    const outputs = runEngine(events, [zh]);
    const byId = new Map(lines(outputs).map((l) => [l.utteranceId, l.text]));
    const forbidden = outputsOf(outputs, 'finding').filter((o) => o.finding.category === 'forbidden_phrase');
    expect(forbidden.length).toBeGreaterThan(0);
    for (const { finding } of forbidden) {
      const [first, ...rest] = finding.evidence.spans ?? [];
      const text = byId.get(first?.utteranceId as string) as string;
      expect(text.slice(first?.start, first?.end)).toBe(finding.evidence.quote);
      for (const span of rest) expect(finding.evidence.quote).toContain(text.slice(span.start, span.end));
    }
  });

  it('masks a number the recogniser split over two finals, in both lines', () => {
    const events = callScript('c-split')
      .agent(GREETING)
      .customer(`我的身份证号是${ID.slice(0, 6)}`)
      .customer(`${ID.slice(6)}。`)
      .end('customer').events;
    const outputs = runEngine(events, [zh]);
    const texts = lines(outputs).map((l) => l.text);
    expect(texts).toHaveLength(3);
    expect(texts[1]).toBe('我的身份证号是[身份证]');
    expect(texts[2]).toBe('[身份证]。');
    expect(digitRuns(outputs, 4).filter((run) => ID.includes(run))).toEqual([]);
  });

  it('masks an English phone number said as words over two finals', () => {
    const events = callScript('c-en-split', 'en-US')
      .agent('Thank you for calling Northwind, my name is Sam, how can I help you today?')
      .customer('you can call me back at five five five')
      .customer('one two one two three four five six')
      .end('customer').events;
    const texts = lines(runEngine(events, [en])).map((l) => l.text);
    expect(texts[1]).toBe('you can call me back at [phone]');
    expect(texts[2]).toBe('[phone ••3456]');
  });

  it('releases a line that ends in an ordinary number when the speaker goes on, unmasked', () => {
    const events = callScript('c-order').agent(GREETING).customer('订单号是 2024 1123').customer('一直没有发货').end('customer').events;
    const texts = lines(runEngine(events, [zh])).map((l) => l.text);
    expect(texts).toEqual([GREETING, '订单号是 2024 1123', '一直没有发货']);
  });

  it('releases a held line when the call ends', () => {
    const events = callScript('c-tail').agent(GREETING).customer('我的号码是 138').end('customer').events;
    const texts = lines(runEngine(events, [zh])).map((l) => l.text);
    expect(texts).toHaveLength(2);
  });

  it('shows no digits when a pack lowers keepLast to 0, and cannot switch redaction off', () => {
    const strict = packFromYaml(['id: strict', 'version: 1.0.0', 'language: zh-CN', 'privacy:', '  keepLast: 0', 'rules: []'].join('\n'));
    const events = callScript('c-strict').customer(`卡号${CARD}`).end('customer').events;
    expect(lines(runEngine(events, [zh, strict]))[0]?.text).toBe('卡号[卡号]');
  });

  it("leaves everything as said when the deployment turns redaction off (synthetic data only)", () => {
    const events = callScript('c-off').customer(`手机${MOBILE}`).end('customer').events;
    expect(lines(runEngine(events, [zh], { redaction: { redact: 'off' } }))[0]?.text).toBe(`手机${MOBILE}`);
  });

  it('masks only the kinds the deployment lists', () => {
    const events = callScript('c-kinds').customer(`手机${MOBILE}，身份证${ID}`).end('customer').events;
    expect(lines(runEngine(events, [zh], { redaction: { redact: ['cn_id'] } }))[0]?.text).toBe(`手机${MOBILE}，身份证[身份证]`);
  });

  it('fails closed: when redaction throws, the call is closed with a fault and none of its words leave the engine', () => {
    // The real stage, throwing on the bad call's first transcript line (as a bug in a classifier would).
    const broken: EngineStages['redactOutputs'] = (settings, language) => (outputs: Observable<EngineOutput>) =>
      outputs.pipe(
        map((o) => {
          if (o.type === 'utterance' && o.utterance.callId === 'c-bad') throw new Error('boom');
          return o;
        }),
        BUILTIN_STAGES.redactOutputs(settings, language),
      );
    const bad = callScript('c-bad').customer(`手机${MOBILE}`).end('customer').events;
    const good = callScript('c-good').agent(GREETING).end('customer').events;
    const outputs = runEngine([...bad, ...good], [zh], { stages: { redactOutputs: broken } });
    const fault = outputsOf(outputs, 'fault').find((o) => o.fault.callId === 'c-bad');
    expect(fault?.fault).toMatchObject({ code: ENGINE_FAULT_CODES.CALL_FAILED, stage: 'redaction' });
    expect(lines(outputs).filter((l) => l.callId === 'c-bad')).toEqual([]);
    expect(lines(outputs).filter((l) => l.callId === 'c-good')).toHaveLength(1);
    expect(outputsOf(outputs, 'fault').filter((o) => o.fault.callId === 'c-good')).toEqual([]);
  });
});
