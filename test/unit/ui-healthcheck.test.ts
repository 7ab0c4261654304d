// The Kafka UI's healthcheck script (uiHealthScript), run in a shell against a stand-in of the UI
// on 127.0.0.1 that answers its login form and /api/clusters as kafbat does: healthy only when the
// UI reports its cluster online, after logging in with the container's own login, and logged out
// again. Run with GNU wget (the local image) and BusyBox's wget (the upstream Alpine image); a
// wrapper records every wget command line, so a test fails if the password ever shows on one.

import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { uiHealthScript } from "../../components/cluster/kafka-ui-settings";

const USER = "admin";
/** Every character the password rule allows, the form-encoded ones (+ / =) included. */
const PASSWORD = "Ab0._~+/=-Ab0._~+/=-xyz";
const SESSION = "0123456789abcdef";

class FakeUi {
    status = "online";
    loggedOut = 0;
    sessions = new Set<string>();
    private server = createServer((req, res) => void this.handle(req, res));
    port = 0;

    async start() {
        await new Promise<void>(resolve => this.server.listen(0, "127.0.0.1", resolve));
        this.port = (this.server.address() as AddressInfo).port;
    }
    stop() {
        this.server.closeAllConnections();
        return new Promise<void>(resolve => this.server.close(() => resolve()));
    }
    private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        const session = /SESSION=([^;\s]+)/.exec(req.headers.cookie ?? "")?.[1];
        const authed = session !== undefined && this.sessions.has(session);
        if (req.method === "POST" && req.url === "/login") {
            const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
            if (form.get("username") === USER && form.get("password") === PASSWORD) {
                this.sessions.add(SESSION);
                res.writeHead(302, { Location: "/", "Set-Cookie": `SESSION=${SESSION}; Path=/; HttpOnly; SameSite=Lax` });
            } else {
                res.writeHead(302, { Location: "/login?error" });
            }
            res.end();
            return;
        }
        if (req.url === "/logout") {
            if (session) this.sessions.delete(session);
            this.loggedOut++;
            res.writeHead(302, { Location: "/login?logout" });
            res.end();
            return;
        }
        if (req.url === "/api/clusters" && authed) {
            res.writeHead(200, { "Content-Type": "application/json" });
            res.end(JSON.stringify([{ name: "kafka", defaultCluster: true, status: this.status, brokerCount: 3 }]));
            return;
        }
        if (req.url === "/api/clusters") {
            res.writeHead(302, { Location: "/login" });
            res.end();
            return;
        }
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end("<html><form action=\"/login\"></form></html>");
    }
}

/** A PATH whose `wget` (and, for BusyBox, `nc`) records its arguments, then runs the real one. */
function toolPath(dir: string, tools: Record<string, string[]>): { path: string; log: string } {
    const log = join(dir, "argv.log");
    for (const [name, command] of Object.entries(tools)) {
        const shim = join(dir, name);
        writeFileSync(shim, `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> ${log}\nexec ${command.join(" ")} "$@"\n`);
        chmodSync(shim, 0o755);
    }
    return { path: `${dir}:${process.env.PATH}`, log };
}

function check(ui: FakeUi, env: { path: string }, password = PASSWORD): Promise<number> {
    return new Promise(resolve => {
        execFile("sh", ["-c", uiHealthScript(ui.port)], {
            env: { PATH: env.path, SPRING_SECURITY_USER_NAME: USER, SPRING_SECURITY_USER_PASSWORD: password },
            timeout: 30_000,
        }, err => resolve(err ? (typeof err.code === "number" ? err.code : 1) : 0));
    });
}

const TOOLSETS: Array<[string, Record<string, string[]> | undefined, string]> = [
    ["GNU wget", existsSync("/usr/bin/wget") ? { wget: ["/usr/bin/wget"] } : undefined, "install wget (apt-get install wget)"],
    ["BusyBox wget and nc", existsSync("/usr/bin/busybox") ? { wget: ["/usr/bin/busybox", "wget"], nc: ["/usr/bin/busybox", "nc"] } : undefined, "install busybox (apt-get install busybox)"],
];

for (const [label, tools, missing] of TOOLSETS) {
    describe.skipIf(!tools)(`the UI healthcheck with ${label}${tools ? "" : ` (skipped: ${missing})`}`, () => {
        const ui = new FakeUi();
        const dir = mkdtempSync(join(tmpdir(), "ui-health-"));
        const env = toolPath(dir, tools ?? {});
        beforeAll(() => ui.start());
        afterAll(async () => { await ui.stop(); rmSync(dir, { recursive: true, force: true }); });
        beforeEach(() => { ui.status = "online"; ui.loggedOut = 0; writeFileSync(env.log, ""); });

        it("passes when the UI reports its cluster online, and logs out again", async () => {
            expect(await check(ui, env)).toBe(0);
            expect(ui.loggedOut).toBe(1);
            expect(ui.sessions.size).toBe(0);
        });

        it("fails while the UI cannot reach the cluster (offline, or still initializing)", async () => {
            ui.status = "offline";
            expect(await check(ui, env)).not.toBe(0);
            ui.status = "initializing";
            expect(await check(ui, env)).not.toBe(0);
        });

        it("fails when the login is refused", async () => {
            expect(await check(ui, env, "not-the-password-at-all")).not.toBe(0);
        });

        it("never puts the password or the session id on a command line", async () => {
            expect(await check(ui, env)).toBe(0);
            const argv = readFileSync(env.log, "utf8");
            expect(argv).toMatch(/^(wget .*\/login|nc 127\.0\.0\.1 \d+)$/m);
            expect(argv).not.toContain(PASSWORD);
            expect(argv).not.toContain(encodeURIComponent(PASSWORD));
            expect(argv).not.toContain(SESSION);
        });
    });
}

it("the script names no password: it reads the login from the container's environment", () => {
    expect(uiHealthScript()).toContain("$SPRING_SECURITY_USER_PASSWORD");
    expect(uiHealthScript()).not.toMatch(/password=[^%"]/);
});
