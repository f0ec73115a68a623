import { defineEvent, EventBus } from './event-bus.js';

const COUNTED = defineEvent<number>('test.counted');
const NAMED = defineEvent<{ name: string }>('test.named');

describe('EventBus', () => {
  it('delivers a payload to every handler of its type only, in order of subscription', () => {
    const bus = new EventBus();
    const seen: string[] = [];
    bus.on(COUNTED, (n) => seen.push(`a${n}`));
    bus.on(COUNTED, (n) => seen.push(`b${n}`));
    bus.on(NAMED, ({ name }) => seen.push(name));
    bus.emit(COUNTED, 3);
    bus.emit(NAMED, { name: 'x' });
    expect(seen).toEqual(['a3', 'b3', 'x']);
  });

  it('keeps calling the other handlers when one throws, and never throws to the emitter', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    bus.on(COUNTED, () => {
      throw new Error('observer broken');
    });
    bus.on(COUNTED, (n) => seen.push(n));
    expect(() => bus.emit(COUNTED, 7)).not.toThrow();
    expect(seen).toEqual([7]);
  });

  it('stops calling a handler once unsubscribed', () => {
    const bus = new EventBus();
    const seen: number[] = [];
    const stop = bus.on(COUNTED, (n) => seen.push(n));
    bus.emit(COUNTED, 1);
    stop();
    bus.emit(COUNTED, 2);
    expect(seen).toEqual([1]);
  });
});
