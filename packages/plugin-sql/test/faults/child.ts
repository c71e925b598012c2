import { type SourceScript, spawnSourceScript } from '@eliza-sql/test-support';

/** A child process running `fixtures/<script>` from sources (tsx, `@eliza-sql/source` condition). */
export type Child = SourceScript;

export function spawnFixture(script: string, args: string[], env: Record<string, string> = {}): Child {
  return spawnSourceScript(new URL(`./fixtures/${script}`, import.meta.url), args, env);
}
