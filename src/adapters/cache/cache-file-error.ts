/** A cache file that cannot be trusted; `reason` says why. (Its own file: no Arrow needed to test for it.) */
export class CacheFileError extends Error {}
