// A mistake in how tobs was called: reported as one line, exit code 2.
export class UsageError extends Error {}
