import { constants } from 'node:fs';
import { access, lstat, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ReportError } from './errors.js';

/** Why a write failed, in words: `no space left on the device` for ENOSPC, the code otherwise. */
export function reason(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EROFS') return 'read-only file system';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'ENOTDIR') return 'a part of the path is not a directory';
  if (code === 'ENOSPC') return 'no space left on the device';
  return code ?? message;
}

/**
 * Where writing `path` lands, and whether it can be atomic: a symbolic link is followed (the link
 * stays, its target gets the text), and a path that is not a regular file (a FIFO, `/dev/stdout`,
 * a device) is written in place, since a rename would replace it with a regular file. A dangling
 * link is written in place too (writeFile creates its target).
 */
async function destination(path: string): Promise<{ target: string; atomic: boolean }> {
  const link = await lstat(path).catch(() => undefined);
  if (!link) return { target: path, atomic: true };
  const target = link.isSymbolicLink() ? await realpath(path).catch(() => undefined) : path;
  if (target === undefined) return { target: path, atomic: false };
  const real = await stat(target).catch(() => undefined);
  return { target, atomic: real === undefined || real.isFile() };
}

/** The temporary file an atomic write of `target` goes through, beside it: what checkReplaceable tries before the run. */
function temporaryOf(target: string): string {
  return `${target}.tmp-${process.pid}`;
}

/**
 * Writes `text` to `path` atomically: to `<path>.tmp-<pid>` first, then renamed over `path`,
 * so a reader never sees half a file and a failed write leaves any previous file as it was.
 * A symbolic link is followed and a FIFO or device written in place (see destination).
 * Throws a ReportError (`E_REPORT_WRITE`) naming the path; the temporary file is removed.
 */
export async function writeReportFile(path: string, text: string): Promise<void> {
  let temporary: string | undefined;
  try {
    const { target, atomic } = await destination(path);
    if (!atomic) {
      await writeFile(target, text, 'utf8');
      return;
    }
    temporary = temporaryOf(target);
    await writeFile(temporary, text, 'utf8');
    await rename(temporary, target);
  } catch (error) {
    if (temporary) await rm(temporary, { force: true }).catch(() => undefined);
    throw new ReportError('E_REPORT_WRITE', `cannot write ${path}: ${reason(error)}`, path);
  }
}

/**
 * Refuses, before a run, an output path that could not be written at the end: a path that is
 * a directory, an existing file without write permission, a directory that does not exist, is
 * not a directory or is not writable. Resolves if writing looks possible; otherwise throws a
 * ReportError (`E_REPORT_PATH`) with a one-line message `[<label>: ]cannot write <path>: <why>`.
 * Creates nothing.
 */
export async function checkWritable(path: string, label?: string): Promise<void> {
  const refuse = refuser(path, label);
  const target = await stat(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : refuse(reason(error))));
  if (target?.isDirectory()) refuse('it is a directory');
  if (target) {
    await access(path, constants.W_OK).catch((error) => refuse(reason(error)));
    return;
  }
  const directory = dirname(resolve(path));
  const parent = await stat(directory).catch((error: NodeJS.ErrnoException) =>
    refuse(error.code === 'ENOENT' ? `directory ${directory} does not exist` : reason(error)));
  if (!parent.isDirectory()) refuse(`${directory} is not a directory`);
  await access(directory, constants.W_OK | constants.X_OK).catch(() => refuse(`directory ${directory} is not writable`));
}

/**
 * checkWritable, then the real test for a file the run itself opens as it starts (the frame
 * trace): access() lets root through nearly everywhere (`/proc/x`, a read-only mount), so a
 * regular file is opened for append (never truncated) and a missing one is created and removed at
 * once, so nothing is left if the run then never writes it. A FIFO or device (`/dev/stdout`) is not
 * opened: that could wait for a reader. Throws a ReportError (`E_REPORT_PATH`) like checkWritable.
 */
export async function checkOpenable(path: string, label?: string): Promise<void> {
  await checkWritable(path, label);
  const refuse = refuser(path, label);
  const target = await stat(path).catch(() => undefined);
  if (target) {
    if (target.isFile()) await (await open(path, 'a').catch((error) => refuse(reason(error)))).close();
    return;
  }
  await createAndRemove(path, (why) => refuse(`cannot create it (${why})`));
}

/**
 * checkWritable, then the real test of the atomic write at the end (writeReportFile): its
 * temporary file `<target>.tmp-<pid>` is created beside the target and removed at once, so a path
 * that access() lets root through (`--out /proc/version`, a read-only mount) is refused before the
 * run, not after it with the results lost. A FIFO or device (written in place) is not opened: that
 * could wait for a reader. Throws a ReportError (`E_REPORT_PATH`) like checkWritable.
 */
export async function checkReplaceable(path: string, label?: string): Promise<void> {
  await checkWritable(path, label);
  const { target, atomic } = await destination(path);
  if (!atomic) return;
  const refuse = refuser(path, label);
  await createAndRemove(temporaryOf(target), (why) => refuse(`cannot create a file beside it (${why})`));
}

/** Throws the ReportError (`E_REPORT_PATH`) `[<label>: ]cannot write <path>: <why>`. */
function refuser(path: string, label: string | undefined): (why: string) => never {
  return (why) => {
    throw new ReportError('E_REPORT_PATH', `${label ? `${label}: ` : ''}cannot write ${path}: ${why}`, path);
  };
}

/**
 * Creates `file` exclusively and removes it again: a file this check created is its own to remove,
 * one that appeared meanwhile (EEXIST) is left alone. Any other failure goes to `refuse`, in words.
 */
async function createAndRemove(file: string, refuse: (why: string) => never): Promise<void> {
  const created = await open(file, 'wx').catch((error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? undefined : refuse(reason(error))));
  if (!created) return;
  await created.close();
  await rm(file, { force: true });
}
