/** The linearizability checker: histories, models, the search and its verdicts. */
export { HistoryRecorder, isOpen } from "./history.js";
export type { Completion, History, Operation } from "./history.js";
export type { Model, RegisterAccess } from "./model.js";
export { kvModel, registerModel } from "./models.js";
export type { KvInput, RegisterInput, Value } from "./models.js";
export { DEFAULT_BUDGET, checkLinearizability, describeWitness } from "./check.js";
export type { CheckOptions, LinearizabilityResult, Witness } from "./check.js";
export type { SearchBudget } from "./wgl.js";
export { RegisterOps, ZoneChecker } from "./zones.js";
export type { Zone, ZoneFailure, ZoneResult } from "./zones.js";
export { explainZones } from "./quick.js";
export { historyViolations, resultViolations } from "./invariant.js";
export { HISTORY_FORMATS, detectFormat, parseHistory } from "./formats.js";
export type { HistoryFormat, ModelName } from "./formats.js";
export { HistoryParseError } from "./events.js";
export { generateKvHistory, generateRegisterHistory } from "./generate.js";
export type { GenerateOptions } from "./generate.js";
