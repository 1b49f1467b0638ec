import type { EventName, Events } from '../../preload/contract';

export type EventListener = <E extends EventName>(event: E, payload: Events[E]) => void;

/** main → renderer events; each transport subscribes and forwards to its windows/sockets. */
export interface EventBus {
  emit<E extends EventName>(event: E, payload: Events[E]): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const listener of listeners) listener(event, payload);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
