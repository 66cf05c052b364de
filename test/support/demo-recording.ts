import type { CallEvent } from '../../engine/index.js';
import { callScript } from './call-script.js';

/** A handful of calls with violations of every kind the packs check, in both languages. */
export function sampleCalls(): CallEvent[][] {
  return [
    callScript('zh-a').customer('喂？').agent('您好。').customer('我的快递一直没到').agent('这个不关我的事！', { partials: ['这个不关', '这个不关我的事'] }).agent('好，就这样吧。').end('agent').events,
    callScript('zh-b').agent('您好，这里是星河客服中心，工号1024为您服务，请问有什么可以帮您？').customer('我想改地址').agent('您着急什么时候要结果，我帮您加急。', { partials: ['你着急什么'] }).agent('请问还有其他可以帮您的吗？').agent('感谢您的来电，再见！').end('customer').events,
    callScript('en-a', 'en-US').agent('Hello.').customer('My order never came.').agent('Calm down.', { partials: ['calm'] }).agent("That's not my problem.").agent('Okay, bye.').end('agent').events,
    callScript('en-b', 'en-US').agent('Thank you for calling Acme, my name is Sam, how may I help you?').customer('Where is my parcel?').agent('Come down to any of our stores and they will swap it for you.', { partials: ['calm down'] }).agent('Is there anything else I can help you with?').agent('Thanks for calling, have a great day, goodbye.').end('customer').events,
  ];
}
