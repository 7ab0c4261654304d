// The Kafka UI as a person sees it: Debian's Chromium, headless, driven by playwright-core. Opens
// the UI, expects the login form, tries a wrong password, logs in, and reads what the dashboard
// and the topic list show.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface UiSeen {
    loginFormShown: boolean;
    wrongPasswordRefused: boolean;
    clusterOnline: boolean;
    brokers: number | undefined;
    topics: string[];
}

// The flags a closed network needs: no background connections, no sandbox as root, a fresh profile.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function browse(url: string, user: string, password: string): Promise<UiSeen> {
    const profile = mkdtempSync(join(tmpdir(), "e2e-chromium-"));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
    try {
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        const logIn = async (pw: string) => {
            await page.goto(url);
            await page.locator("input[name=username]").waitFor();
            await page.fill("input[name=username]", user);
            await page.fill("input[name=password]", pw);
            await Promise.all([page.waitForLoadState("networkidle"), page.locator("button[type=submit], input[type=submit]").first().click()]);
        };
        await page.goto(url);
        const loginFormShown = await page.locator("input[name=password]").isVisible({ timeout: 30_000 }).catch(() => false);

        await logIn("not-the-password");
        const wrongPasswordRefused = page.url().includes("error") && await page.locator("input[name=password]").isVisible();

        await logIn(password);
        // The dashboard lists each cluster with its status and broker count.
        await page.goto(`${url}/`);
        const row = page.locator("table tbody tr").first();
        await row.waitFor({ timeout: 60_000 });
        const cells = await row.locator("td").allInnerTexts();
        const clusterOnline = cells.some(c => /online/i.test(c));
        const brokers = cells.map(c => Number(c.trim())).find(n => Number.isInteger(n) && n > 0);

        const clusterName = cells[0]?.trim();
        await page.goto(`${url}/ui/clusters/${clusterName}/all-topics`);
        await page.locator("table tbody tr").first().waitFor({ timeout: 60_000 });
        const topics = (await page.locator("table tbody tr td:nth-child(2)").allInnerTexts()).map(t => t.trim());
        return { loginFormShown, wrongPasswordRefused, clusterOnline, brokers, topics };
    } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
    }
}
