import { h, replace } from '../dom';

/** The sign-in form; `onKey` checks the key and answers an error message, or undefined when it worked. */
export function renderSignIn(
  root: HTMLElement,
  onKey: (key: string) => Promise<string | undefined>,
  notice?: string,
): void {
  const input = h('input', {
    attrs: {
      id: 'api-key',
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      required: '',
      name: 'api-key',
    },
  });
  const message = h(
    'p',
    { class: 'error', attrs: { role: 'alert', 'data-field': 'signin-error' } },
    notice ?? '',
  );
  const button = h('button', { attrs: { type: 'submit' } }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'signin panel',
      on: {
        submit: (event) => {
          event.preventDefault();
          const key = input.value.trim();
          if (key === '') return;
          button.disabled = true;
          void onKey(key).then((error) => {
            button.disabled = false;
            replace(message, error ?? '');
          });
        },
      },
    },
    h('h1', {}, 'TriplePlay Sentinel'),
    h(
      'p',
      {},
      'Sign in with an API key. The key is kept in this browser tab only (session storage) and is sent to this server alone.',
    ),
    h('label', { attrs: { for: 'api-key' } }, 'API key'),
    input,
    button,
    message,
  );
  replace(root, h('main', { class: 'signin-page' }, form));
  input.focus();
}
