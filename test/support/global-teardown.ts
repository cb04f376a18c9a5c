export default function globalTeardown(): void {
  const pid = Number(process.env.SIPSLEUTH_TEST_REDIS_PID);
  if (pid > 0) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}
