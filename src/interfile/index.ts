/** Interfile 3.3 reading (reconstructed nuclear-medicine volumes). */
export { parseInterfileHeader, parseInterfileNumber, normaliseKey, type InterfileHeader, type InterfileEntry } from './header.js';
export { readInterfile, interfileLayout, interfileAffine, type ReadInterfileOptions, type InterfileLayout, type InterfileNumberType } from './read.js';
