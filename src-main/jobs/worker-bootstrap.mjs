// Worker threads start from plain JS: register tsx's loader in this thread, then load the
// TypeScript worker. (A worker does not inherit the parent's module hooks.)
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
