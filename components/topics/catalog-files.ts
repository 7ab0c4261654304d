// Reading the catalog the stack config names: one YAML file, or a directory whose .yaml files
// together make the catalog (one per team or domain), of which `catalogSlice` picks the files this
// stack declares. Every file is read through project-files.ts, so none outside the topics folder is
// ever opened; the parsing and validation are catalog.ts's.

import * as fs from "node:fs";
import * as path from "node:path";
import { ConfigError, configErrorReport } from "../shared/config-error";
import { parseCatalog, parseCatalogSources, type Catalog, type Environment } from "./catalog";
import { catalogDirectoryEntries, readProjectFile, resolveInside } from "./project-files";

/** The largest catalog file read (a 10,000-topic catalog is about 2 MB). */
export const MAX_CATALOG_FILE_BYTES = 32 * 1024 * 1024;

export interface CatalogLocation {
    /** The topics folder: the catalog's paths are relative to it, and it is the only folder read. */
    topicsDir: string;
    /** The `catalog` setting: a file, or a directory of .yaml files. */
    catalog: string;
    /** The `catalogSlice` setting: the directory's files this stack declares (default: all). */
    slice?: string[];
}

/**
 * The catalog, validated for one environment. Refusals name the stack setting (`catalog`,
 * `catalogSlice`) and the file; none shows content of a file outside the topics folder.
 */
export function readCatalog(where: CatalogLocation, environment: Environment, brokerCount: number | undefined, ctx: { project: string; stack: string }): Catalog {
    const { topicsDir, catalog: catalogPath, slice } = where;
    const refuse = (key: string, value: string, problem: string, fix: string): never => {
        const problems = [{ key: `${ctx.project}:${key}`, value, problem, fix }];
        throw new ConfigError(configErrorReport(`stack ${ctx.stack}`, problems), problems);
    };
    const setCatalog = "pulumi config set catalog <file or directory inside the topics folder>";
    const full = resolveInside(topicsDir, catalogPath);
    if (full === undefined) {
        return refuse("catalog", catalogPath, "must be a file or directory inside the topics folder (it resolves to the folder itself or out of it, through ../, an absolute path or a symbolic link)", setCatalog);
    }
    const rel = (f: string) => path.relative(topicsDir, f) || f;
    const read = (relative: string, shownName: string): string => {
        const file = readProjectFile(topicsDir, relative, { shown: "topics", maxBytes: MAX_CATALOG_FILE_BYTES });
        if (!file.ok) return refuse("catalog", catalogPath, `${shownName}${file.problem}`, setCatalog);
        return file.text;
    };

    if (!fs.existsSync(full) || !fs.statSync(full).isDirectory()) {
        return parseCatalog(read(catalogPath, ""), rel(path.resolve(topicsDir, catalogPath)), environment, { brokerCount });
    }
    const dir = path.resolve(topicsDir, catalogPath);
    const names = catalogDirectoryEntries(full);
    if (names.length === 0) refuse("catalog", catalogPath, "is a directory without .yaml files", "put the catalog's files in it, one per team or domain");
    const unknown = (slice ?? []).filter(f => !names.includes(f));
    if (unknown.length > 0) refuse("catalogSlice", slice!.join(","), `names ${unknown.join(", ")}, not in ${rel(dir)}/ (${names.join(", ")})`, `pulumi config set catalogSlice ${names[0]}`);
    const sources = names.map(f => {
        const file = rel(path.join(dir, f));
        return { file, text: read(file, `has ${file}, which `) };
    });
    const label = `${rel(dir)}/${slice ? ` (slice ${slice.join(", ")})` : ""}`;
    return parseCatalogSources(sources, environment, { brokerCount, label, slice: slice?.map(f => rel(path.join(dir, f))) });
}
