import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const systemChromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      // The system Chromium where there is one (Playwright cannot download browsers here); else Playwright's own.
      ...(systemChromium ? { executablePath: systemChromium } : {}),
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  // The foundation story sets the installation up; the bank specs run on it afterwards, and the
  // Online Synchronization story last, on the connections they made (it moves the sandbox clock too).
  projects: [
    { name: "foundation", testMatch: /foundation\.spec\.ts/ },
    { name: "banks", testIgnore: /(foundation|online-sync|reconciliation|secrets|web-restart|korean)\.spec\.ts/, dependencies: ["foundation"] },
    { name: "connections", testMatch: /online-sync\.spec\.ts/, dependencies: ["banks"] },
    { name: "reconciliation", testMatch: /reconciliation\.spec\.ts/, dependencies: ["connections"] },
    // Last, after every other story: no secret the sandbox issued during the run may have leaked.
    { name: "secrets", testMatch: /secrets\.spec\.ts/, dependencies: ["reconciliation"] },
    // Its own server on its own folder and port (E2E_RESTART_PORT, default 3200), killed and started again.
    { name: "resilience", testMatch: /web-restart\.spec\.ts/ },
    // A Korean browser on a new installation of its own (E2E_KOREAN_PORT, default 3300).
    { name: "korean", testMatch: /korean\.spec\.ts/ },
  ],
  webServer: {
    // A production build on a fresh embedded database, so the first test sees /setup. Its output, stdout
    // and stderr, also goes to .data-e2e/server.log, which e2e/secrets.spec.ts searches for leaked secrets.
    command:
      "node -e \"const fs=require('fs');fs.rmSync('.data-e2e',{recursive:true,force:true});fs.mkdirSync('.data-e2e')\" && " +
      "node scripts/start.mjs 2>&1 >>.data-e2e/server.log | tee -a .data-e2e/server.log >&2",
    url: `http://127.0.0.1:${port}/login`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(port),
      BANKSYNC_DATA_DIR: ".data-e2e",
      BANKSYNC_MODE: "sandbox",
      DATABASE_URL: "",
      LOG_LEVEL: "warn",
      SUPPORT_EMAIL: "support@banksync.test",
      // A slowed sign-in waits 20 ms, not 1 s, so e2e/sign-in-throttle.spec.ts reaches the lock quickly.
      SIGN_IN_DELAY_MS: "20",
    },
  },
});
