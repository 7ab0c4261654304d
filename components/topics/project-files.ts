// Reading the files a catalog names (catalog files, .proto files and their imports) without ever
// leaving the folder they belong to. A path is resolved with every symbolic link followed
// (realpath) and must end inside its folder; otherwise it is refused without being opened, so no
// refusal can carry a byte of a file outside the project. Only regular files are read, and only up
// to a size given by the caller, checked before reading.

import * as fs from "node:fs";
import * as path from "node:path";

/** A file inside its folder, or why it cannot be read (worded without any of its content). */
export type ProjectFile =
    | { ok: true; path: string; text: string }
    | { ok: false; reason: "outside" | "unreadable" | "too-big"; problem: string };

/**
 * Where `relative` points inside `folder`, every symbolic link followed; undefined when it points
 * out of the folder (`..`, an absolute path, or a link to somewhere else). A path that does not
 * exist resolves as written (reading it then reports ENOENT).
 */
export function resolveInside(folder: string, relative: string): string | undefined {
    const root = realpathOr(folder);
    const target = realpathOr(path.resolve(root, relative));
    return isInside(root, target) ? target : undefined;
}

/**
 * Reads `relative` (a path inside `folder`) as UTF-8. Refused when it resolves out of the folder,
 * is not a regular file, or is bigger than `maxBytes`; `shown` is how messages name the folder.
 */
export function readProjectFile(folder: string, relative: string, opts: { shown: string; maxBytes: number }): ProjectFile {
    const target = resolveInside(folder, relative);
    if (target === undefined) {
        return { ok: false, reason: "outside", problem: `points out of ${opts.shown}/ (through ../, an absolute path or a symbolic link); only files inside ${opts.shown}/ are read` };
    }
    let fd: number;
    try {
        fd = fs.openSync(target, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    } catch (e) {
        return { ok: false, reason: "unreadable", problem: `cannot be read (${(e as NodeJS.ErrnoException).code ?? e})` };
    }
    try {
        const stat = fs.fstatSync(fd);
        if (!stat.isFile()) return { ok: false, reason: "unreadable", problem: "is not a regular file" };
        if (stat.size > opts.maxBytes) return { ok: false, reason: "too-big", problem: `is ${stat.size} bytes, more than the ${opts.maxBytes} bytes allowed` };
        return { ok: true, path: target, text: fs.readFileSync(fd, "utf8") };
    } finally {
        fs.closeSync(fd);
    }
}

/**
 * The entries of a catalog directory that are read: `.yaml`/`.yml` files, not hidden (an editor's
 * `.x.yaml` backup is not part of the catalog), sorted. Links are listed too; reading them checks
 * where they point.
 */
export function catalogDirectoryEntries(dir: string): string[] {
    return fs.readdirSync(dir).filter(f => !f.startsWith(".") && /\.ya?ml$/.test(f)).sort();
}

function realpathOr(p: string): string {
    try {
        return fs.realpathSync(p);
    } catch {
        // Not there (yet): resolve the part that exists, so a link in a parent folder still counts.
        const parent = path.dirname(p);
        return parent === p ? p : path.join(realpathOr(parent), path.basename(p));
    }
}

function isInside(root: string, target: string): boolean {
    const rel = path.relative(root, target);
    return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}
