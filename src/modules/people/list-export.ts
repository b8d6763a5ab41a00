/** The table export moved to the kernel (dossier queues and figures export too); the people lists keep importing it here. */
export { exportFile, toCsv, toXlsx, type ExportFile, type ExportFormat, type ExportTable } from '../../kernel/table-export.js';
