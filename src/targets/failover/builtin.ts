/** The built-in failover target alone (what the registry loads, without certification and artifacts). */
import { standardManager } from "./standard-manager.js";
import { makeFailoverTarget } from "./target.js";

export default makeFailoverTarget(standardManager);
