/** One measured fan-out: devices x 5 tests fired at once. */
export interface FanoutPoint {
  devices: number;
  wallS: number;
}

const W = 640;
const H = 360;
const PAD = { left: 64, right: 24, top: 40, bottom: 56 };

/**
 * A hand-written SVG line chart of fan-out wall time against devices, with the ideal (the
 * per-device session limit's waves, each one test long) and the 1.5 x ideal target.
 */
export function fanoutChart(points: readonly FanoutPoint[], idealS: number, title: string): string {
  const maxDevices = Math.max(...points.map((p) => p.devices));
  const top = niceCeil(Math.max(idealS * 1.6, ...points.map((p) => p.wallS)));
  const x = (devices: number) => PAD.left + (devices / maxDevices) * (W - PAD.left - PAD.right);
  const y = (s: number) => H - PAD.bottom - (s / top) * (H - PAD.top - PAD.bottom);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(title)}</text>`,
  );
  for (let i = 0; i <= 5; i += 1) {
    const s = (top / 5) * i;
    out.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(s)}" y2="${y(s)}" stroke="#e5e5e5"/>`,
      `<text x="${PAD.left - 8}" y="${y(s) + 4}" text-anchor="end">${fmt(s)}</text>`,
    );
  }
  for (const p of points) {
    out.push(
      `<text x="${x(p.devices)}" y="${H - PAD.bottom + 18}" text-anchor="middle">${p.devices}</text>`,
    );
  }
  out.push(
    `<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" stroke="#333"/>`,
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 14}" text-anchor="middle">simulated devices (5 ping tests each, all at once)</text>`,
    `<text x="16" y="${(PAD.top + H - PAD.bottom) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(PAD.top + H - PAD.bottom) / 2})">wall time (s)</text>`,
  );
  const horizontal = (s: number, colour: string, dash: string, label: string) =>
    out.push(
      `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(s)}" y2="${y(s)}" stroke="${colour}" stroke-dasharray="${dash}"/>`,
      `<text x="${W - PAD.right - 4}" y="${y(s) - 5}" text-anchor="end" fill="${colour}">${escape(label)}</text>`,
    );
  horizontal(idealS, '#2a7', '6 4', `ideal ${fmt(idealS)} s`);
  horizontal(idealS * 1.5, '#c33', '2 4', `target 1.5 x ideal = ${fmt(idealS * 1.5)} s`);
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.devices)},${y(p.wallS)}`)
    .join(' ');
  out.push(`<path d="${path}" fill="none" stroke="#2563eb" stroke-width="2"/>`);
  for (const p of points) {
    out.push(
      `<circle cx="${x(p.devices)}" cy="${y(p.wallS)}" r="4" fill="#2563eb"/>`,
      `<text x="${x(p.devices)}" y="${y(p.wallS) - 9}" text-anchor="middle" fill="#2563eb">${fmt(p.wallS)} s</text>`,
    );
  }
  out.push('</svg>', '');
  return out.join('\n');
}

function niceCeil(value: number): number {
  const step = value <= 2 ? 0.5 : value <= 5 ? 1 : value <= 20 ? 5 : 10;
  return Math.ceil(value / step) * step;
}

function fmt(value: number): string {
  return value.toFixed(2).replace(/\.?0+$/, '');
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
