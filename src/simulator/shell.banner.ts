import type { DeviceProfile } from './device.profile';

const LOGO = [
  '  MMM      MMM       KKK                          TTTTTTTTTTT      KKK',
  '  MMMM    MMMM       KKK                          TTTTTTTTTTT      KKK',
  '  MMM MMMM MMM  III  KKK  KKK  RRRRRR     OOOOOO      TTT     III  KKK  KKK',
  '  MMM  MM  MMM  III  KKKKK     RRR  RRR  OOO  OOO     TTT     III  KKKKK',
  '  MMM      MMM  III  KKK KKK   RRRRRR    OOO  OOO     TTT     III  KKK KKK',
  '  MMM      MMM  III  KKK  KKK  RRR  RRR   OOOOOO      TTT     III  KKK  KKK',
];

// ssh-raw-v6.49.17-login-banner-and-first-prompt.txt
const V6_HELP = [
  '[?]             Gives the list of available commands',
  'command [?]     Gives help on the command and list of arguments',
  '',
  '[Tab]           Completes the command/word. If the input is ambiguous,',
  '                a second [Tab] gives possible options',
  '',
  '/               Move up to base level',
  '..              Move up one level',
  '/command        Use command at the base level',
];

/** What an interactive login prints before the first prompt (login-banner-v7.18.2-ssh-press-f1.txt). */
export function loginBanner(profile: DeviceProfile): string[] {
  if (profile.format === 'v6') {
    return [
      '',
      '',
      ...LOGO,
      '',
      `  MikroTik RouterOS ${profile.version} (c) 1999-2024       http://www.mikrotik.com/`,
      '',
      ...V6_HELP,
      '',
    ];
  }
  return [
    '',
    '  ',
    '',
    '',
    ...LOGO,
    '',
    `  MikroTik RouterOS ${profile.version} (c) 1999-2025       https://www.mikrotik.com/`,
    '',
    '',
    'Press F1 for help',
    '',
  ];
}

/** `[admin@MikroTik] > ` */
export function shellPrompt(user: string, profile: DeviceProfile): string {
  return `[${user}@${profile.identity}] > `;
}
