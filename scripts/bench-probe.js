// Preloaded into each benchmarked process: reports its peak resident memory when it exits.
process.on("exit", () => {
  process.stderr.write(`\nBENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
