/**
 * spect-perfusion/node: file-system helpers for Node (loading studies from
 * paths and directories, atomic writes). 
 */
export { loadStudy, type LoadedStudy, type StudySource } from './load.js';
export { loadDicomDirectory } from './dicom-dir.js';
export { readBytes, writeFileAtomic, type WriteOptions } from './files.js';
export { loadNormals } from './normals.js';
export { loadAtlasSpec } from './atlas.js';
