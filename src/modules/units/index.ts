/** The units module's public surface: other modules and the app import only from here. */
export {
  convertOldCommune,
  currentCommuneProvinces,
  findUnit,
  getProvinceOfCommune,
  getUnit,
  isCurrentCommune,
  listChildren,
  listCommunes,
  listDistricts,
  listProvinces,
  resolveUnitAt,
  searchUnits,
  toCurrentUnits,
  unitDirectory,
  type PageInput,
  type UnitsContext,
} from './service.js';
export {
  CATALOGUE_START,
  isUnitCode,
  levelOfCode,
  REFORM_2025,
  treeAt,
  type AdminUnit,
  type Conversion,
  type ConversionKind,
  type ConversionTarget,
  type CurrentUnits,
  type Page,
  type Tree,
  type UnitInContext,
  type UnitLevel,
  type UnitType,
} from './model.js';
export { unitsRoutes } from './routes.js';
export { registerUnitsCommands } from './cli.js';
