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
    { name: "banks", testIgnore: /(foundation|online-sync|reconciliation)\.spec\.ts/, dependencies: ["foundation"] },
    { name: "connections", testMatch: /online-sync\.spec\.ts/, dependencies: ["banks"] },
    { name: "reconciliation", testMatch: /reconciliation\.spec\.ts/, dependencies: ["connections"] },
  ],
  webServer: {
    // A production build on a fresh embedded database, so the first test sees /setup.
    command: "node -e \"require('fs').rmSync('.data-e2e',{recursive:true,force:true})\" && node scripts/start.mjs",
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
    },
  },
});
