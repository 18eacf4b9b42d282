/**
 * Child processes the suite starts when it loads (the plan and the doctor run as a user runs them).
 * They run one at a time, so together they take the machine's second core and leave the first to
 * the tests; started all at once they would compete with the tests for both.
 */
let queue: Promise<unknown> = Promise.resolve();

export function inBackground<T>(start: () => Promise<T>): Promise<T> {
    const job = queue.then(start);
    queue = job.catch(() => undefined);
    return job;
}
