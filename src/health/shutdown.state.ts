import { Injectable } from '@nestjs/common';

/** Knows when the app is draining, so readiness turns 503 while in-flight work finishes. */
@Injectable()
export class ShutdownState {
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  markDraining(): void {
    this.draining = true;
  }
}
