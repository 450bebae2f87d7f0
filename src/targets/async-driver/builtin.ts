/** The built-in async-driver target alone (what the registry loads, without benchmarks and their histogram library). */
import { referenceDriver } from "./driver/reference-driver.js";
import { makeDriverTarget } from "./target.js";

export default makeDriverTarget(referenceDriver);
