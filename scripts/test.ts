// `npm test`: the whole suite, in the order a failure is cheapest to find.
// Every step runs even if an earlier one failed, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';

interface Step {
  name: string;
  command: string[];
  env?: Record<string, string>;
}

const steps: Step[] = [
  { name: 'typecheck', command: ['npm', 'run', 'typecheck'] },
  { name: 'lint', command: ['npm', 'run', 'lint'] },
  { name: 'unit + integration (vitest, real PostgreSQL)', command: ['npm', 'run', 'test:unit'] },
  { name: 'mobile (jest-expo)', command: ['npm', 'run', 'test:mobile'], env: { CI: '1' } },
  {
    name: 'mobile web export',
    command: ['npm', 'run', 'export:web', '-w', '@carecircle/mobile'],
    env: { CI: '1' },
  },
  { name: 'web build', command: ['npm', 'run', 'build'] },
  { name: 'end-to-end (Chromium)', command: ['npm', 'run', 'test:e2e'] },
];

const only = process.argv.slice(2);
const results: { name: string; ok: boolean; seconds: number }[] = [];
for (const step of steps) {
  if (only.length > 0 && !only.some((o) => step.name.startsWith(o))) continue;
  console.log(`\n▶ ${step.name}: ${step.command.join(' ')}`);
  const started = Date.now();
  const run = spawnSync(step.command[0]!, step.command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  const ok = run.status === 0;
  results.push({ name: step.name, ok, seconds: Math.round((Date.now() - started) / 1000) });
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.ok ? '✔' : '✘'} ${r.name} (${r.seconds} s)`);
const failed = results.filter((r) => !r.ok).length;
console.log(`steps: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
