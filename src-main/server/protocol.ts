// The WebSocket wire format: the contract as JSON.
//   client -> server  { id, method, req }
//   server -> client  { id, ok: true, res } | { id, ok: false, error: LabError } | { event, payload }
import { z } from 'zod';
import type { LabError } from '../../shared/contract';

export const clientMessageSchema = z.object({
  id: z.union([z.string().min(1).max(100), z.number().int()]),
  method: z.string().min(1).max(100),
  req: z.unknown().optional(),
});
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type ServerMessage =
  | { id: string | number; ok: true; res: unknown }
  | { id: string | number | null; ok: false; error: LabError }
  | { event: string; payload: unknown };

/** Parse one raw frame; a frame we cannot read still gets an answer (id null when unknown). */
export function parseClientMessage(raw: string):
  { ok: true; msg: ClientMessage } | { ok: false; id: string | number | null; error: LabError } {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, error: { code: 'bad-request', message: 'message is not valid JSON' } };
  }
  const r = clientMessageSchema.safeParse(value);
  if (r.success) return { ok: true, msg: r.data };
  const maybeId = (value as { id?: unknown } | null)?.id;
  const id = typeof maybeId === 'string' || typeof maybeId === 'number' ? maybeId : null;
  const detail = r.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ');
  return { ok: false, id, error: { code: 'bad-request', message: `bad message: ${detail}` } };
}
