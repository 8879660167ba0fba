// BullMQ side of the queue benchmark (run by benches/scale.rs; bullmq is installed into a scratch folder).
// Usage: node bench.mjs <redis port> <jobs> <concurrency>
import { Queue, Worker } from 'bullmq';

const [port, total, concurrency] = process.argv.slice(2).map(Number);
const connection = { host: '127.0.0.1', port };
const name = `bench-${Date.now()}`;
const queue = new Queue(name, { connection });

let t = performance.now();
let next = 0;
await Promise.all(Array.from({ length: concurrency }, async () => {
  while (next < total) {
    next += 1;
    await queue.add('noop', { i: next });
  }
}));
const enqueueMs = performance.now() - t;

t = performance.now();
let done = 0;
await new Promise((resolve) => {
  const worker = new Worker(name, async () => {}, { connection, concurrency });
  worker.on('completed', () => {
    done += 1;
    if (done === total) {
      worker.close().then(resolve);
    }
  });
});
const processMs = performance.now() - t;
await queue.obliterate({ force: true });
await queue.close();
console.log(JSON.stringify({ enqueueMs, processMs }));
