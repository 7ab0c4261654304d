// The Kafka UI as a person sees it: Debian's Chromium, headless, driven by playwright-core. Opens
// the UI, expects its login form, tries a wrong password, logs in, and reads what the dashboard,
// the topic list, the schema registry's subject list and one topic's messages show.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface UiSeen {
    loginFormShown: boolean;
    wrongPasswordRefused: boolean;
    /** The dashboard's count of online and offline clusters. */
    onlineClusters: number;
    offlineClusters: number;
    /** Brokers count of the cluster on the dashboard. */
    brokers: number;
    topics: string[];
    /** The subjects on the UI's Schema Registry page. */
    subjects: string[];
    /** The values the message view of `messagesOf` shows, as it renders them. */
    messageValues: string[];
}

export interface BrowseOptions {
    /** A topic whose message view is read (and photographed, with `screenshot`). */
    messagesOf?: string;
    /** Where to save a screenshot of that message view (PNG). */
    screenshot?: string;
}

// What a closed network needs: no background connections, no sandbox as root, a fresh profile.
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function browse(url: string, user: string, password: string, opts: BrowseOptions = {}): Promise<UiSeen> {
    const profile = mkdtempSync(join(tmpdir(), "e2e-chromium-"));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 60_000 });
    try {
        const page = await context.newPage();
        page.setDefaultTimeout(30_000);
        const submit = async (pw: string) => {
            await page.fill("#username", user);
            await page.fill("#password", pw);
            await page.click("button[type=submit]");
        };

        await page.goto(url);
        await page.locator("#password").waitFor();
        const loginFormShown = await page.locator("#username").isVisible() && page.url().endsWith("/login");

        await submit("not-the-password");
        await page.getByText("Username or password entered incorrectly").waitFor();
        const wrongPasswordRefused = page.url().endsWith("/login");

        await submit(password);
        await page.waitForURL(u => !u.pathname.endsWith("/login"));
        // The dashboard: "Online <n> clusters", "Offline <n> clusters", then one row per cluster.
        const row = page.locator("table tbody tr").first();
        await row.waitFor();
        // The counts fill in once the UI's first metrics collection ends; bounded wait, then read whatever shows.
        await page.waitForFunction(() => /Online\s+[1-9]\d* clusters?/.test(document.body.innerText), null, { timeout: 30_000 }).catch(() => undefined);
        const body = await page.locator("body").innerText();
        const count = (label: string) => Number(new RegExp(`${label}\\s+(\\d+) clusters?`).exec(body)?.[1] ?? NaN);
        const cells = (await row.locator("td").allInnerTexts()).map(c => c.trim());
        const [clusterName, , brokers] = cells;

        const cluster = `${url}/ui/clusters/${encodeURIComponent(clusterName)}`;
        const firstCells = async () => {
            await page.locator("table tbody tr").first().waitFor();
            return (await page.locator("table tbody tr").allInnerTexts()).map(r => r.trim().split(/\s+/)[0]);
        };
        await page.goto(`${cluster}/all-topics`);
        const topics = await firstCells();
        // The UI lists subjects through the registry: its first answer can take longer than a page's
        // wait, so the page is loaded again, up to 3 times (at most 90 s), before the list counts as empty.
        let subjects: string[] = [];
        for (let attempt = 0; attempt < 3 && subjects.length === 0; attempt++) {
            await page.goto(`${cluster}/schemas`);
            subjects = await firstCells().catch(() => []);
        }
        let messageValues: string[] = [];
        if (opts.messagesOf) {
            // The message view reads the newest records; each row shows its value as the UI decoded it.
            await page.goto(`${cluster}/all-topics/${encodeURIComponent(opts.messagesOf)}/messages`);
            // Rows fill in as the UI streams and decodes the records: wait (bounded) for one with a decoded value.
            const decoded = page.locator("table tbody tr", { hasText: "{" });
            await decoded.first().waitFor({ timeout: 45_000 }).catch(() => undefined);
            // Offset, partition, timestamp, key, value: the value is the row's last cell.
            messageValues = (await decoded.allInnerTexts()).map(r => r.split(/[\t\n]/).map(c => c.trim()).filter(Boolean).at(-1) ?? "");
            if (opts.screenshot) await page.screenshot({ path: opts.screenshot, fullPage: true });
        }
        return { loginFormShown, wrongPasswordRefused, onlineClusters: count("Online"), offlineClusters: count("Offline"), brokers: Number(brokers), topics, subjects, messageValues };
    } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
    }
}
