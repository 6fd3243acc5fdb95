/**
 * How far back a failures listing looks when it is given no start: the CLI's `failures`
 * and `stats`, and the API's `GET /failures`. One week covers a weekend away and stays a
 * short Query on the failures index.
 */
export const DEFAULT_FAILURE_WINDOW_DAYS = 7;
