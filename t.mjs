import { AhoCorasick } from '@monyone/aho-corasick/fast';
const ac = new AhoCorasick(['本保','保本保证','保本', 'ab', 'b']);
console.log(ac.matchInText('保本保证 ab'));
