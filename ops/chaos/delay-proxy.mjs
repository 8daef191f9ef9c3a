// A TCP relay that can add latency to a link, in place of `tc netem` (which this machine's kernel
// lacks): every chunk is held for half the delay in each direction, order kept, so a round trip
// takes DELAY longer. SIGUSR1 sets the delay to DELAY_MS, SIGUSR2 back to 0.
// Usage: node ops/chaos/delay-proxy.mjs LISTEN_HOST LISTEN_PORT TARGET_HOST TARGET_PORT DELAY_MS
import net from "node:net";

const [listenHost, listenPort, targetHost, targetPort, delayArg] = process.argv.slice(2);
let delayMs = 0;
process.on("SIGUSR1", () => (delayMs = Number(delayArg)));
process.on("SIGUSR2", () => (delayMs = 0));

// Forwards from one socket to the other, each chunk no sooner than half the delay after it came.
function pipe(from, to) {
  let last = 0;
  from.on("data", (chunk) => {
    const half = delayMs / 2;
    if (half === 0 && last <= Date.now()) {
      to.write(chunk);
      return;
    }
    const at = Math.max(Date.now() + half, last);
    last = at;
    setTimeout(() => to.destroyed || to.write(chunk), at - Date.now());
  });
  from.on("end", () => setTimeout(() => to.end(), Math.max(0, last - Date.now())));
  from.on("error", () => to.destroy());
  from.on("close", () => setTimeout(() => to.destroy(), Math.max(0, last - Date.now())));
}

net
  .createServer((client) => {
    const server = net.connect(Number(targetPort), targetHost);
    client.setNoDelay(true);
    server.setNoDelay(true);
    pipe(client, server);
    pipe(server, client);
  })
  .listen(Number(listenPort), listenHost);
