/**
 * Live progress of one study: follows its event stream (see api.ts for why fetch, not
 * EventSource) and reports the progress fraction and status as they change.
 */
import type { ProgressEvent } from '../../../src/protocol/index.js';
import { type Api, type StudySummary } from './api.js';
import { studyProgress, type StopRules } from './model.js';

/** What a live study reports. */
export interface LiveHooks {
  progress(fraction: number, event: ProgressEvent): void;
  status(status: StudySummary['status'], error?: string): void;
  failed(error: Error): void;
}

/** Follows study `id` until it ends or the returned function is called. */
export function followStudy(api: Api, id: string, rules: StopRules, hooks: LiveHooks): () => void {
  const ctl = new AbortController();
  api
    .events(
      id,
      (e) => {
        if (e.event === 'progress') {
          const ev = JSON.parse(e.data) as ProgressEvent;
          hooks.progress(studyProgress(ev.tasks, rules), ev);
        } else if (e.event === 'status') {
          const s = JSON.parse(e.data) as { status: StudySummary['status']; error?: string };
          hooks.status(s.status, s.error);
        }
      },
      ctl.signal,
    )
    .catch((e: unknown) => {
      if (!ctl.signal.aborted) hooks.failed(e as Error);
    });
  return () => ctl.abort();
}
