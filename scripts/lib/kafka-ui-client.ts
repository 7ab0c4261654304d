// Asks the Kafka UI (kafbat/kafka-ui) what it sees, through its login form and REST API, the way a
// browser session does: POST /login, then GET /api/clusters with the session cookie. Its
// healthcheck (/actuator/health) only proves the web process is up; this proves the UI reached
// Kafka (`status: online`, with the broker count).

export interface UiCluster {
    name: string;
    status: "online" | "offline" | "initializing" | string;
    brokerCount?: number;
    topicCount?: number;
}

export interface UiReport {
    /** Status of GET /api/clusters without a session: 401 or a redirect to the login form when protected. */
    anonymousStatus: number;
    loggedIn: boolean;
    clusters: UiCluster[];
}

const REQUEST_TIMEOUT_MS = 10_000;

/** Logs in and lists the clusters the UI knows; never throws on a refused login (loggedIn false). */
export async function uiReport(baseUrl: string, user: string, password: string): Promise<UiReport> {
    const anonymous = await fetch(`${baseUrl}/api/clusters`, { redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const login = await fetch(`${baseUrl}/login`, {
        method: "POST",
        redirect: "manual",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username: user, password }).toString(),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    // Spring Security answers a form login with a redirect: to /login?error when refused.
    const location = login.headers.get("location") ?? "";
    const cookie = login.headers.getSetCookie().map(c => c.split(";")[0]).join("; ");
    if (login.status >= 400 || /[?&]error/.test(location) || cookie === "") {
        return { anonymousStatus: anonymous.status, loggedIn: false, clusters: [] };
    }
    const res = await fetch(`${baseUrl}/api/clusters`, { headers: { cookie }, redirect: "manual", signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const clusters = res.ok ? (await res.json()) as UiCluster[] : [];
    return { anonymousStatus: anonymous.status, loggedIn: res.ok, clusters };
}

/** True when the UI knows at least one cluster and reports every one online. */
export const allOnline = (r: UiReport) => r.clusters.length > 0 && r.clusters.every(c => c.status === "online");

/**
 * Polls until the UI reports its clusters online (it collects metrics on a schedule after start),
 * at most `timeoutMs`; returns the last report.
 */
export async function waitUiClusterOnline(baseUrl: string, user: string, password: string, timeoutMs = 90_000): Promise<UiReport> {
    const deadline = Date.now() + timeoutMs;
    let last: UiReport | undefined;
    for (let attempt = 0; attempt < 200 && Date.now() < deadline; attempt++) {
        try {
            last = await uiReport(baseUrl, user, password);
            if (!last.loggedIn) return last;
            if (allOnline(last)) return last;
        } catch {
            // not answering yet
        }
        await new Promise(r => setTimeout(r, 3000));
    }
    return last ?? { anonymousStatus: 0, loggedIn: false, clusters: [] };
}
