// A typed emitter for the contract's events.
import type { LabEvent, LabEvents } from '../../shared/contract';

type Listener<E extends LabEvent> = (payload: LabEvents[E]) => void;

export class LabEventBus {
  private listeners = new Map<LabEvent, Set<Listener<LabEvent>>>();

  on<E extends LabEvent>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<LabEvent>);
    return () => { set!.delete(listener as Listener<LabEvent>); };
  }

  emit<E extends LabEvent>(event: E, payload: LabEvents[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      // A failing listener (a closed socket) must not stop the queue.
      try { l(payload); } catch { /* ignored */ }
    }
  }
}
