export * from './errors.js';
export * from './result.js';
export * from './clip.js';
export * from './format-count.js';
