import type { Whoami } from '../api';

/** What every page gets: who is signed in, and how to tell the user something. */
export interface ViewContext {
  me: Whoami;
  notify: (message: string, kind?: 'info' | 'error') => void;
}

/** A page of the dashboard: fills `page` (already on screen) as its data arrives. */
export type View = (page: HTMLElement, context: ViewContext, params: string[]) => Promise<void>;
