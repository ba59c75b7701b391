import { clearParts } from './figures';

/** Every run starts from no figures, so the table shows only what this run measured. */
export default function globalSetup(): void {
  clearParts();
}
