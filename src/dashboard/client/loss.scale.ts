// Pure, so the specs can check it without a browser.

/** SmokePing's idea: the colour of each median mark says how much was lost. */
export const LOSS_SCALE: ReadonlyArray<{ upTo: number; colour: string; label: string }> = [
  { upTo: 0, colour: '#26a269', label: '0 %' },
  { upTo: 5, colour: '#1c71d8', label: '≤ 5 %' },
  { upTo: 10, colour: '#9141ac', label: '≤ 10 %' },
  { upTo: 25, colour: '#e66100', label: '≤ 25 %' },
  { upTo: 99.99, colour: '#e01b24', label: '< 100 %' },
  { upTo: 100, colour: '#a51d2d', label: '100 % (shaded: nothing came back)' },
];

const UNKNOWN_LOSS = '#9a9996';

/** The colour of a sample's median mark; grey when the loss was not measured. */
export function lossColour(loss: number | null): string {
  if (loss === null) return UNKNOWN_LOSS;
  return (
    LOSS_SCALE.find((step) => loss <= step.upTo)?.colour ?? LOSS_SCALE[LOSS_SCALE.length - 1].colour
  );
}
