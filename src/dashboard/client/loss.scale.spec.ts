import { LOSS_SCALE, lossColour } from './loss.scale';

describe('The loss colour of a sample', () => {
  it('is green without loss, blue up to 5 %, purple up to 10 %, orange up to 25 %, red below 100 %', () => {
    expect([0, 0.5, 5, 7.5, 10, 25, 50, 99.99].map(lossColour)).toEqual([
      '#26a269',
      '#1c71d8',
      '#1c71d8',
      '#9141ac',
      '#9141ac',
      '#e66100',
      '#e01b24',
      '#e01b24',
    ]);
  });

  it('is its own colour when nothing came back, and grey when the loss is unknown', () => {
    expect(lossColour(100)).toBe('#a51d2d');
    expect(lossColour(null)).toBe('#9a9996');
  });

  it('has a legend entry for every colour it uses', () => {
    expect(new Set(LOSS_SCALE.map((step) => step.colour)).size).toBe(LOSS_SCALE.length);
  });
});
