import { defineConfig } from "vitest/config";

// The server is a real Bun process; give it time to start on a busy machine.
export default defineConfig({ test: { testTimeout: 60_000, hookTimeout: 60_000 } });
