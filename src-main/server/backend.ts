// What a transport (WebSocket server, Electron IPC) needs from the application service:
// the contract's call + event subscription. The app service, or a test double, provides it.
import type { LabApi } from '../../shared/contract';

export type LabBackend = Pick<LabApi, 'call' | 'on'>;
