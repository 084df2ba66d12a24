/**
 * spect-perfusion/node: file-system helpers for Node (loading studies from
 * paths and directories, atomic writes). 
 */
export { loadStudy, isNiftiPath, sidecarPathFor, type LoadedStudy, type LoadStudyOptions, type StudySource } from './load.js';
export { loadDicomDirectory, listFolderFiles } from './dicom-dir.js';
export { readBytes, writeFileAtomic, type WriteOptions } from './files.js';
export { loadNormals } from './normals.js';
export { loadAtlasFiles, type AtlasFiles } from './atlas.js';
